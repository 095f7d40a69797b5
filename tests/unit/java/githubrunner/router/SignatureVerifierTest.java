package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesGitHubsDocumentedExample() {
        // docs.github.com, "Validating webhook deliveries": secret and payload with their signature.
        SignatureVerifier verifier = new SignatureVerifier(Secret.of("It's a Secret to Everybody"));
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertEquals(expected, verifier.sign(HELLO));
        assertTrue(verifier.matches(HELLO, expected));
    }

    @Test
    void refusesAnythingButTheExactHeader() {
        SignatureVerifier verifier = new SignatureVerifier(Secret.of("It's a Secret to Everybody"));
        String good = verifier.sign(HELLO);
        assertFalse(verifier.matches(HELLO, good.toUpperCase()));
        assertFalse(verifier.matches(HELLO, good.substring("sha256=".length())));
        assertFalse(verifier.matches(HELLO, "sha1=" + good.substring("sha256=".length())));
        assertFalse(verifier.matches(HELLO, good + " "));
        assertFalse(verifier.matches(HELLO, ""));
        assertFalse(verifier.matches("Hello, World?".getBytes(StandardCharsets.UTF_8), good));
    }

    @Test
    void aNumericOnlySecretIsText() {
        // The Python router turned "12345" into an int and answered 500 to every webhook.
        SignatureVerifier verifier = new SignatureVerifier(Secret.of("12345"));
        assertTrue(verifier.matches(HELLO, verifier.sign(HELLO)));
        assertFalse(new SignatureVerifier(Secret.of("12346")).matches(HELLO, verifier.sign(HELLO)));
    }
}
