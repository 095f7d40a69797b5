package githubrunner.sim.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * GitHub's conditional requests: every 200 answer to a GET carries a weak entity tag
 * ({@code W/"<64 hex>"}) that changes whenever the body changes; a GET whose {@code If-None-Match}
 * matches it gets {@code 304 Not Modified}, which is not charged against the primary budget. As on
 * GitHub, a tag belongs to the credential that got it: after a new token (an App installation token
 * renewal) the same page has another tag, so the first request with the new token is a full 200.
 */
final class EntityTags {
    private EntityTags() {}

    /** The tag of an answer body as seen by the caller with this {@code Authorization} header. */
    static String of(String authorization, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(body);
            return "W/\"" + HexFormat.of().formatHex(sha.digest()) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code If-None-Match} by RFC 9110's weak comparison: {@code *}, or any tag of the comma-separated
     * list equal to {@code etag} once the {@code W/} prefixes are set aside. A malformed header matches
     * nothing (the full answer is sent).
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = opaque(candidate.trim());
            if (tag != null && tag.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The quoted part of {@code W/"x"} or {@code "x"}, or {@code null} if it is not an entity tag. */
    private static String opaque(String tag) {
        String value = tag.startsWith("W/") ? tag.substring(2) : tag;
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"'
                || value.substring(1, value.length() - 1).contains("\"")) {
            return null;
        }
        return value;
    }
}
