package githubrunner.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * RSA keys for tests: PEM in both forms GitHub users meet, and the public half of a PKCS#1 PEM
 * (as Nova hands out) so a test can check that a private key matches a keypair.
 */
public final class TestKeys {
    private static final String PKCS1_BEGIN = "-----BEGIN RSA PRIVATE KEY-----";
    private static final String PKCS1_END = "-----END RSA PRIVATE KEY-----";

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

    /** The modulus and public exponent of an RSA key. */
    public record PublicPart(BigInteger modulus, BigInteger exponent) {
        /** The OpenSSH public key body ({@code AAAAB3NzaC1yc2E...}) of this key. */
        public String openSshBase64() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                for (byte[] value : new byte[][] {"ssh-rsa".getBytes(StandardCharsets.US_ASCII),
                        exponent.toByteArray(), modulus.toByteArray()}) {
                    out.writeInt(value.length);
                    out.write(value);
                }
                return Base64.getEncoder().encodeToString(bytes.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The public half of a {@code BEGIN RSA PRIVATE KEY} (PKCS#1) PEM. */
    public static PublicPart publicPart(String pkcs1Pem) {
        if (!pkcs1Pem.startsWith(PKCS1_BEGIN + "\n") || !pkcs1Pem.strip().endsWith(PKCS1_END)) {
            throw new IllegalArgumentException("not a PKCS#1 PEM");
        }
        byte[] der = Base64.getDecoder().decode(
                pkcs1Pem.replace(PKCS1_BEGIN, "").replace(PKCS1_END, "").replaceAll("\\s", ""));
        // RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, publicExponent INTEGER, ... }
        int[] at = {0};
        expectTag(der, at, 0x30);
        readLength(der, at);
        skipElement(der, at, 0x02); // version
        BigInteger modulus = integer(der, at);
        return new PublicPart(modulus, integer(der, at));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static BigInteger integer(byte[] der, int[] at) {
        expectTag(der, at, 0x02);
        int length = readLength(der, at);
        at[0] += length;
        return new BigInteger(Arrays.copyOfRange(der, at[0] - length, at[0]));
    }

    private static void expectTag(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("expected DER tag " + tag + " at " + (at[0] - 1));
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
