package githubrunner.manager.http;

import githubrunner.common.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks the {@code Authorization: Bearer <token>} of a request against the unit's API token.
 * Both sides are hashed before the constant-time comparison, so neither the content nor the
 * length of the expected token shows in the time a refusal takes. The token is never logged.
 */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    enum Verdict {
        ACCEPTED(0, null),
        MISSING(401, "missing bearer token"),
        WRONG(403, "wrong bearer token"),
        NOT_CONFIGURED(403, "this manager has no API token configured (the charm writes one at its next config-changed)");

        final int status;
        final String reason;

        Verdict(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }
    }

    private final byte[] expectedDigest;

    /** @param token the unit's token, or null (an old config): then every protected route is refused */
    BearerToken(Secret token) {
        this.expectedDigest = token == null || token.isEmpty() ? null : sha256(token.reveal());
    }

    /** @param authorization every Authorization header of the request */
    Verdict check(List<String> authorization) {
        if (authorization.size() != 1 || !authorization.get(0).regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return authorization.size() > 1 ? Verdict.WRONG : Verdict.MISSING;
        }
        String presented = authorization.get(0).substring(SCHEME.length()).strip();
        if (presented.isEmpty()) {
            return Verdict.MISSING;
        }
        if (expectedDigest == null) {
            return Verdict.NOT_CONFIGURED;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(presented)) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
