package githubrunner.sim.github;

import java.time.Instant;

/**
 * One request the emulator answered (or dropped: status 0). No credentials are kept.
 *
 * @param query the raw query string, or empty
 * @param caller {@code pat}, {@code installation}, {@code app} (JWT) or empty when unauthenticated
 */
public record LoggedRequest(Instant at, String method, String path, String query, int status, String caller) {}
