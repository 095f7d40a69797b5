package githubrunner.github;

import githubrunner.common.RetryBudget;
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
 * @param retry how a GET or DELETE is retried after a transient failure (5xx, timeout, broken
 *     connection), per HTTP request; rate-limit answers are never retried
 */
public record GitHubClientOptions(Duration connectTimeout, Duration requestTimeout, Duration tokenRefreshMargin,
                                  Clock clock, ProxySelector proxy, RetryBudget retry) {
    /**
     * 4 attempts, pauses from 0.2 s doubling to 2 s (jittered), no attempt starting after 5 s: at 30 %
     * failures a request fails four times in a row less than 1 % of the time, and a manager cycle is
     * held for seconds at most, or one request timeout when GitHub does not answer at all.
     */
    public static final RetryBudget DEFAULT_RETRY = new RetryBudget(4, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    public GitHubClientOptions {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(tokenRefreshMargin, "tokenRefreshMargin");
        Objects.requireNonNull(clock, "clock");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("GitHub timeouts must be positive");
        }
    }

    /**
     * 10 s to connect, 30 s per exchange, App tokens renewed 5 minutes early, system clock, no proxy,
     * {@link #DEFAULT_RETRY}.
     */
    public static GitHubClientOptions defaults() {
        return new GitHubClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Clock.systemUTC(), null, DEFAULT_RETRY);
    }

    public GitHubClientOptions withTimeouts(Duration connect, Duration request) {
        return new GitHubClientOptions(connect, request, tokenRefreshMargin, clock, proxy, retry);
    }

    public GitHubClientOptions withTokenRefreshMargin(Duration margin) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, margin, clock, proxy, retry);
    }

    public GitHubClientOptions withClock(Clock newClock) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, tokenRefreshMargin, newClock, proxy, retry);
    }

    public GitHubClientOptions withProxy(ProxySelector newProxy) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, tokenRefreshMargin, clock, newProxy, retry);
    }

    public GitHubClientOptions withRetry(RetryBudget budget) {
        return new GitHubClientOptions(connectTimeout, requestTimeout, tokenRefreshMargin, clock, proxy, budget);
    }
}
