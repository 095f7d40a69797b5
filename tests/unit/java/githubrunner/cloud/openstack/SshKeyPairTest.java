package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.HashSet;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

/** The VMs' keys made by the client: read back as the manager's SSH client reads them. */
class SshKeyPairTest {
    @Test
    void thePrivateKeyReadsBackAsThePairOfThePublicLine() throws Exception {
        // Many keys, so coordinates and scalars with leading zero bytes are met too.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            SshKeyPair key = SshKeyPair.generate();
            KeyPair loaded = load(key);
            assertEquals(key.publicKey().substring(0, key.publicKey().lastIndexOf(' ')),
                    PublicKeyEntry.toString(loaded.getPublic()), "the public point is in the private key file");
            assertTrue(seen.add(key.publicKey()), "every key is new");
            if (i == 0) {
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(loaded.getPrivate());
                signer.update("challenge".getBytes(StandardCharsets.US_ASCII));
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(loaded.getPublic());
                verifier.update("challenge".getBytes(StandardCharsets.US_ASCII));
                assertTrue(verifier.verify(signature), "the private half signs for the public half");
            }
        }
    }

    @Test
    void theLineIsAnOpenSshEcdsaKeyAndTheFileAnOpenSslPem() {
        SshKeyPair key = SshKeyPair.generate();
        assertTrue(key.publicKey().matches("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY[A-Za-z0-9+/=]+ github-runner"),
                key.publicKey());
        String pem = key.privateKeyPem().reveal();
        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----\n") && pem.endsWith("-----END EC PRIVATE KEY-----\n"));
        assertFalse(key.toString().contains("PRIVATE"), "the record never prints its private half");
    }

    @Test
    void matchesTheSameKeyWhateverTheCommentAndNoOther() {
        SshKeyPair key = SshKeyPair.generate();
        String[] parts = key.publicKey().split(" ");
        assertTrue(key.matches(parts[0] + " " + parts[1]));
        assertTrue(key.matches(parts[0] + " " + parts[1] + " Generated-by-Nova\n"));
        assertFalse(key.matches(SshKeyPair.generate().publicKey()));
        assertFalse(key.matches("ssh-rsa " + parts[1]));
        assertFalse(key.matches(null));
        assertFalse(key.matches(""));
    }

    private static KeyPair load(SshKeyPair key) throws Exception {
        byte[] pem = key.privateKeyPem().reveal().getBytes(StandardCharsets.US_ASCII);
        return SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("key"), new ByteArrayInputStream(pem), null)
                .iterator().next();
    }
}
