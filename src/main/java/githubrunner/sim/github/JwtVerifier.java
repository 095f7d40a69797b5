package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a GitHub App JWT as GitHub does: RS256, signed by the App's key, {@code iss} naming the
 * App (app id or client id), issued not in the future, expiring in the future but at most 10
 * minutes after issue. Written here, apart from the client's signer, so they can disagree.
 */
final class JwtVerifier {
    /** GitHub tolerates some drift of the caller's clock. */
    private static final long DRIFT_SECONDS = 60;
    private static final long MAX_LIFETIME_SECONDS = 600;

    /** A registered App. */
    record App(long appId, String clientId, PublicKey key) {}

    private JwtVerifier() {}

    /** @return the App the token authenticates, or 401 with GitHub's style of message */
    static App verify(String jwt, Function<String, Optional<App>> appByIssuer, Instant now) throws ApiError {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new ApiError(401, "A JSON web token could not be decoded");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new ApiError(401, "A JSON web token could not be decoded");
        }
        JsonNode iss = claims.get("iss");
        if (iss == null || !(iss.isTextual() || iss.isIntegralNumber())) {
            throw new ApiError(401, "'Issuer' claim ('iss') must be an Integer or String");
        }
        App app = appByIssuer.apply(iss.asText())
                .orElseThrow(() -> new ApiError(401, "Integration not found"));
        if (!signatureValid(parts, app.key())) {
            throw new ApiError(401, "A JSON web token could not be decoded");
        }
        JsonNode iat = claims.get("iat");
        JsonNode exp = claims.get("exp");
        if (iat == null || !iat.isIntegralNumber() || iat.asLong() > now.getEpochSecond() + DRIFT_SECONDS) {
            throw new ApiError(401, "'Issued at' claim ('iat') must be an Integer representing a time in the past.");
        }
        if (exp == null || !exp.isIntegralNumber() || exp.asLong() <= now.getEpochSecond()
                || exp.asLong() - iat.asLong() > MAX_LIFETIME_SECONDS) {
            throw new ApiError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future "
                    + "time at which the assertion expires, at most 10 minutes after it was issued.");
        }
        return app;
    }

    private static JsonNode decode(String part) throws ApiError {
        try {
            JsonNode node = JsonNodes.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new ApiError(401, "A JSON web token could not be decoded");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiError(401, "A JSON web token could not be decoded");
        }
    }

    private static boolean signatureValid(String[] parts, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
