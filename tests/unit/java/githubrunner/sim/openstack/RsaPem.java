package githubrunner.sim.openstack;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Test support: reads a PKCS#1 RSA private key PEM (as Nova hands out) far enough to tell which
 * public key belongs to it, so tests can check that a private key matches a keypair.
 */
public final class RsaPem {
    private RsaPem() {}

    /** The modulus and public exponent of a {@code BEGIN RSA PRIVATE KEY} PEM. */
    public record PublicPart(BigInteger modulus, BigInteger exponent) {
        /** The OpenSSH public key body ({@code AAAAB3NzaC1yc2E...}) of this key. */
        public String openSshBase64() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                write(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
                write(out, exponent.toByteArray());
                write(out, modulus.toByteArray());
                return Base64.getEncoder().encodeToString(bytes.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void write(DataOutputStream out, byte[] value) throws IOException {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    public static PublicPart publicPart(String pem) {
        if (!pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n") || !pem.strip().endsWith("-----END RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException("not a PKCS#1 PEM");
        }
        String base64 = pem.replace("-----BEGIN RSA PRIVATE KEY-----", "").replace("-----END RSA PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        // RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, publicExponent INTEGER, ... }
        int[] pos = {0};
        expect(der, pos, 0x30);
        length(der, pos);
        integer(der, pos); // version
        BigInteger modulus = integer(der, pos);
        BigInteger exponent = integer(der, pos);
        return new PublicPart(modulus, exponent);
    }

    private static BigInteger integer(byte[] der, int[] pos) {
        expect(der, pos, 0x02);
        int length = length(der, pos);
        byte[] value = java.util.Arrays.copyOfRange(der, pos[0], pos[0] + length);
        pos[0] += length;
        return new BigInteger(value);
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]] & 0xff) != tag) {
            throw new IllegalArgumentException("expected DER tag " + tag + " at " + pos[0]);
        }
        pos[0]++;
    }

    private static int length(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[pos[0]++] & 0xff);
        }
        return length;
    }
}
