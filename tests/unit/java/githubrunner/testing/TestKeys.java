package githubrunner.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys for GitHub App tests, as PEM in both forms GitHub users meet. */
public final class TestKeys {
    private TestKeys() {}

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN PRIVATE KEY} (PKCS#8), what the JDK encodes. */
    public static String pkcs8Pem(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /**
     * {@code BEGIN RSA PRIVATE KEY} (PKCS#1), what GitHub hands out: the OCTET STRING inside the
     * PKCS#8 encoding, found by reading the DER (the reverse of what the client does).
     */
    public static String pkcs1Pem(KeyPair keys) {
        byte[] der = keys.getPrivate().getEncoded();
        int[] at = {0};
        expectTag(der, at, 0x30);
        readLength(der, at);
        skipElement(der, at, 0x02); // version
        skipElement(der, at, 0x30); // algorithm
        expectTag(der, at, 0x04);
        int length = readLength(der, at);
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, at[0], at[0] + length));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void expectTag(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalStateException("unexpected DER tag");
        }
    }

    private static int readLength(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static void skipElement(byte[] der, int[] at, int tag) {
        expectTag(der, at, tag);
        int length = readLength(der, at);
        at[0] += length;
    }
}
