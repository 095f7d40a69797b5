package githubrunner.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.testing.MutableClock;
import githubrunner.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AppJwtTest {
    private static final KeyPair KEYS = TestKeys.rsa();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void isAnRs256TokenGitHubAccepts() throws Exception {
        String jwt = new AppJwt("Iv1.0123abcd", KEYS.getPrivate(), clock).create();
        String[] parts = jwt.split("\\.");

        assertEquals(3, parts.length);
        JsonNode header = decode(parts[0]);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = decode(parts[1]);
        long now = clock.instant().getEpochSecond();
        assertEquals("Iv1.0123abcd", claims.get("iss").textValue());
        assertEquals(now - 60, claims.get("iat").longValue(), "back-dated for clock drift");
        assertTrue(claims.get("exp").longValue() - claims.get("iat").longValue() <= 600, "at most 10 minutes");
        assertTrue(claims.get("exp").longValue() > now);

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(KEYS.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    @Test
    void sendsANumericAppIdAsANumber() throws Exception {
        JsonNode claims = decode(new AppJwt("123456", KEYS.getPrivate(), clock).create().split("\\.")[1]);

        assertTrue(claims.get("iss").isIntegralNumber());
        assertEquals(123456, claims.get("iss").longValue());
    }

    @Test
    void followsTheClock() throws Exception {
        AppJwt jwt = new AppJwt("1", KEYS.getPrivate(), clock);
        long first = decode(jwt.create().split("\\.")[1]).get("iat").longValue();
        clock.advance(java.time.Duration.ofMinutes(5));
        long second = decode(jwt.create().split("\\.")[1]).get("iat").longValue();

        assertEquals(300, second - first);
    }

    @Test
    void refusesIssuersThatWouldBreakTheJson() {
        assertThrows(IllegalArgumentException.class, () -> new AppJwt("a\"b", KEYS.getPrivate(), clock));
        assertThrows(IllegalArgumentException.class, () -> new AppJwt(" ", KEYS.getPrivate(), clock));
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }
}
