package githubrunner.sim.openstack;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Keystone's side: the one user and project, and the tokens issued to them. */
final class IdentityStore {
    /** What a successful password authentication yields. */
    record Issued(String token, Instant issuedAt, Instant expiresAt) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> tokens = new HashMap<>();
    private final String username;
    private final String userDomain;
    private final String project;
    private final String projectDomain;
    private String password;
    private Duration tokenLifetime;

    IdentityStore(Clock clock, String username, String password, String userDomain, String project,
                  String projectDomain, Duration tokenLifetime) {
        this.clock = clock;
        this.username = username;
        this.password = password;
        this.userDomain = userDomain;
        this.project = project;
        this.projectDomain = projectDomain;
        this.tokenLifetime = tokenLifetime;
    }

    /** A token for matching credentials; empty for anything else, as Keystone answers 401 alike. */
    synchronized Optional<Issued> authenticate(String user, String userDomainName, String givenPassword,
                                               String projectName, String projectDomainName) {
        boolean ok = username.equals(user) && domainMatches(userDomain, userDomainName)
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(givenPassword).getBytes(StandardCharsets.UTF_8))
                && project.equals(projectName) && domainMatches(projectDomain, projectDomainName);
        if (!ok) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = "gAAAAA" + HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(tokenLifetime);
        tokens.put(token, expires);
        return Optional.of(new Issued(token, now, expires));
    }

    synchronized boolean valid(String token) {
        Instant expires = token == null ? null : tokens.get(token);
        return expires != null && clock.instant().isBefore(expires);
    }

    synchronized void setPassword(String newPassword) {
        password = newPassword;
    }

    synchronized void setTokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Forgets every token, as after a Keystone key rotation. */
    synchronized void revokeAll() {
        tokens.clear();
    }

    String username() {
        return username;
    }

    String project() {
        return project;
    }

    String userDomain() {
        return userDomain;
    }

    String projectDomain() {
        return projectDomain;
    }

    /** The domain given by name or id ("default" is the id of "Default"). */
    private static boolean domainMatches(String configured, String given) {
        return given != null && (configured.equals(given) || configured.equalsIgnoreCase(given) && given.equalsIgnoreCase("default"));
    }
}
