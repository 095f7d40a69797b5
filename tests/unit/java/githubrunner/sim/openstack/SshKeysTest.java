package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.testing.TestKeys;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.Test;

class SshKeysTest {
    @Test
    void generatesAPkcs1PrivateKeyWhosePublicHalfIsTheOpenSshLine() {
        SshKeys.Generated key = SshKeys.generate(1024);
        assertTrue(key.privateKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(key.privateKeyPem().endsWith("-----END RSA PRIVATE KEY-----\n"));
        String[] line = key.publicKey().strip().split(" ");
        assertEquals("ssh-rsa", line[0]);
        assertEquals("Generated-by-Nova", line[2]);
        assertEquals(line[1], TestKeys.publicPart(key.privateKeyPem()).openSshBase64());
        assertEquals(key.fingerprint(), SshKeys.fingerprintOf(key.publicKey()));
        assertTrue(key.fingerprint().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"));
    }

    @Test
    void pkcs1IsTheKeyInsideJavasPkcs8() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(SshKeys.pkcs1(pkcs8)) + "\n-----END RSA PRIVATE KEY-----\n";
        assertEquals(key.getModulus(), TestKeys.publicPart(pem).modulus());
        assertEquals(key.getPublicExponent(), TestKeys.publicPart(pem).exponent());
    }

    @Test
    void anImportedLineThatIsNotAKeyHasNoFingerprint() {
        assertNull(SshKeys.fingerprintOf("hello"));
        assertNull(SshKeys.fingerprintOf("ssh-rsa !!!notbase64"));
    }
}
