package githubrunner.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The JSON Web Token a GitHub App authenticates with (RS256, at most 10 minutes), signed with
 * {@code java.security}: github-api's own provider needs jjwt, which we do not ship.
 */
final class AppJwt {
    /** Back-dated to absorb clock drift, as GitHub recommends. */
    private static final long ISSUED_BEFORE_NOW_SECONDS = 60;
    /** GitHub refuses tokens living longer than 10 minutes; stay under that from the back-dated start. */
    private static final long EXPIRES_AFTER_NOW_SECONDS = 9 * 60;
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");

    private final String issuer;
    private final PrivateKey key;
    private final Clock clock;

    /** @param issuer the App's client id ({@code Iv1...}) or numeric app id */
    AppJwt(String issuer, PrivateKey key, Clock clock) {
        if (issuer == null || issuer.isBlank() || issuer.contains("\"") || issuer.contains("\\")) {
            throw new IllegalArgumentException("invalid GitHub App id or client id");
        }
        this.issuer = issuer;
        this.key = key;
        this.clock = clock;
    }

    String create() {
        long now = clock.instant().getEpochSecond();
        // A numeric app id goes out as a number, as GitHub's own examples do; a client id as a string.
        String iss = NUMERIC.matcher(issuer).matches() ? issuer : "\"" + issuer + "\"";
        String payload = encode("{\"iat\":" + (now - ISSUED_BEFORE_NOW_SECONDS) + ",\"exp\":"
                + (now + EXPIRES_AFTER_NOW_SECONDS) + ",\"iss\":" + iss + "}");
        String signingInput = HEADER + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the GitHub App token", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
