package githubrunner.github;

import java.net.ProxySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the client talks to GitHub.
 *
 * @param connectTimeout TCP (and TLS) connect limit
 * @param requestTimeout limit for one whole HTTP exchange; an operation over several pages makes
 *     several exchanges
 * @param tokenRefreshMargin a GitHub App installation token is renewed this long before it expires
 * @param clock for rate-limit resets and token expiry (tests share one with the emulator)
 * @param proxy HTTP(S) proxy for GitHub, or {@code null} for a direct connection
 */
public record GitHubClientOptions(Duration connectTimeout, Duration requestTimeout, Duration tokenRefreshMargin,
                                  Clock clock, ProxySelector proxy) {
    public GitHubClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(tokenRefreshMargin, "tokenRefreshMargin");
        Objects.requireNonNull(clock, "clock");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("GitHub timeouts must be positive");
        }
    }

    /** 10 s to connect, 30 s per exchange, App tokens renewed 5 minutes early, system clock, no proxy. */
    public static GitHubClientOptions defaults() {
        return new GitHubClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Clock.systemUTC(), null);
    }

    public GitHubClientOptions withTimeouts(Duration connect, Duration request) {
        return new GitHubClientOptions(connect, request, tokenRefreshMargin, clock, proxy);
    }

    public GitHubClientOptions withTokenRefreshMargin(Duration margin) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, margin, clock, proxy);
    }

    public GitHubClientOptions withClock(Clock newClock) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, tokenRefreshMargin, newClock, proxy);
    }

    public GitHubClientOptions withProxy(ProxySelector newProxy) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, tokenRefreshMargin, clock, newProxy);
    }
}
