package githubrunner.sim.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens the emulator accepts: configured personal access tokens, and installation tokens it
 * issues to registered GitHub Apps (each valid for a configurable, short if need be, lifetime).
 */
final class Credentials {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Access> tokens = new HashMap<>();
    private final Map<Long, JwtVerifier.App> apps = new HashMap<>();
    private final Map<Long, Long> installations = new HashMap<>();
    private final Map<String, Issued> installationTokens = new HashMap<>();
    private Duration installationTokenLifetime = Duration.ofHours(1);

    /** An installation token the emulator handed out. */
    record Issued(long installationId, Instant expiresAt) {}

    Credentials(Clock clock) {
        this.clock = clock;
    }

    synchronized void addToken(String token, Access access) {
        tokens.put(token, access);
    }

    synchronized void registerApp(long appId, String clientId, PublicKey key) {
        apps.put(appId, new JwtVerifier.App(appId, clientId, key));
    }

    synchronized void addInstallation(long installationId, long appId) {
        if (!apps.containsKey(appId)) {
            throw new IllegalArgumentException("unknown app " + appId);
        }
        installations.put(installationId, appId);
    }

    /** As when an App's tokens are revoked: every issued installation token stops working. */
    synchronized void revokeInstallationTokens() {
        installationTokens.clear();
    }

    synchronized void setInstallationTokenLifetime(Duration lifetime) {
        installationTokenLifetime = lifetime;
    }

    /** The caller of an API endpoint, from {@code Authorization: token X} or {@code Bearer X}. */
    synchronized Identity authenticate(String authorization) throws ApiError {
        String credential = credential(authorization).orElseThrow(ApiError::badCredentials);
        Access access = tokens.get(credential);
        if (access != null) {
            return new Identity("pat:" + fingerprint(credential), access, "pat");
        }
        Issued issued = installationTokens.get(credential);
        if (issued != null && clock.instant().isBefore(issued.expiresAt())) {
            return new Identity("installation:" + issued.installationId(), Access.ADMIN, "installation");
        }
        throw ApiError.badCredentials();
    }

    /** {@code POST /app/installations/{id}/access_tokens}: JWT in, installation token out. */
    synchronized Map.Entry<String, Issued> issueInstallationToken(String authorization, long installationId)
            throws ApiError {
        String jwt = credential(authorization).orElseThrow(
                () -> new ApiError(401, "A JSON web token could not be decoded"));
        Instant now = clock.instant();
        JwtVerifier.App app = JwtVerifier.verify(jwt, this::appByIssuer, now);
        Long owner = installations.get(installationId);
        if (owner == null || owner != app.appId()) {
            throw ApiError.notFound();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String token = "ghs_" + HexFormat.of().formatHex(bytes);
        Issued issued = new Issued(installationId, now.plus(installationTokenLifetime));
        installationTokens.put(token, issued);
        return Map.entry(token, issued);
    }

    private Optional<JwtVerifier.App> appByIssuer(String issuer) {
        for (JwtVerifier.App app : apps.values()) {
            if (issuer.equals(String.valueOf(app.appId())) || issuer.equals(app.clientId())) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    /** Names a token's budget without keeping the token in it. */
    private static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> credential(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        for (String scheme : new String[] {"token ", "Bearer ", "bearer "}) {
            if (value.startsWith(scheme)) {
                String credential = value.substring(scheme.length()).trim();
                return credential.isEmpty() ? Optional.empty() : Optional.of(credential);
            }
        }
        return Optional.empty();
    }
}
