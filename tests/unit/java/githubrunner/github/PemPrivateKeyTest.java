package githubrunner.github;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class PemPrivateKeyTest {
    private static final KeyPair KEYS = TestKeys.rsa();

    @Test
    void readsPkcs1KeysAsGitHubHandsThemOut() throws Exception {
        PrivateKey key = PemPrivateKey.parse(Secret.of(TestKeys.pkcs1Pem(KEYS)));

        assertArrayEquals(KEYS.getPrivate().getEncoded(), key.getEncoded());
        assertTrue(signatureVerifies(key));
    }

    @Test
    void readsPkcs8Keys() throws Exception {
        PrivateKey key = PemPrivateKey.parse(Secret.of(TestKeys.pkcs8Pem(KEYS)));

        assertArrayEquals(KEYS.getPrivate().getEncoded(), key.getEncoded());
        assertTrue(signatureVerifies(key));
    }

    @Test
    void toleratesTextAroundTheBlockAndWindowsLineEnds() {
        String pem = "Bag Attributes\r\n" + TestKeys.pkcs1Pem(KEYS).replace("\n", "\r\n") + "trailing\n";

        assertArrayEquals(KEYS.getPrivate().getEncoded(), PemPrivateKey.parse(Secret.of(pem)).getEncoded());
    }

    @Test
    void wrapsShortAndLongDerLengths() {
        byte[] small = new byte[10];
        byte[] wrapped = PemPrivateKey.wrapPkcs1(small);
        assertEquals(0x30, wrapped[0]);
        assertEquals(wrapped.length - 2, wrapped[1]);

        byte[] large = new byte[70_000];
        byte[] wrappedLarge = PemPrivateKey.wrapPkcs1(large);
        assertEquals((byte) 0x83, wrappedLarge[1]); // three length bytes
    }

    @Test
    void refusesWhatIsNotAPlainRsaKeyWithoutQuotingIt() {
        String secretLooking = "-----BEGIN RSA PRIVATE KEY-----\nnot*base64*SECRETMATERIAL\n-----END RSA PRIVATE KEY-----";
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> PemPrivateKey.parse(Secret.of(secretLooking)));
        assertFalse(garbage.getMessage().contains("SECRETMATERIAL"));

        assertThrows(IllegalArgumentException.class, () -> PemPrivateKey.parse(Secret.of("no pem here")));
        assertThrows(IllegalArgumentException.class, () -> PemPrivateKey.parse(Secret.of(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----")));
        assertThrows(IllegalArgumentException.class, () -> PemPrivateKey.parse(Secret.of(
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----")));
        assertThrows(IllegalArgumentException.class, () -> PemPrivateKey.parse(Secret.of(
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")));
    }

    private static boolean signatureVerifies(PrivateKey key) throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(KEYS.getPublic());
        verifier.update(data);
        return verifier.verify(signature);
    }
}
