package githubrunner.cloud.openstack;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How idempotent calls are retried: at most {@code maxAttempts} tries in all, waiting an
 * exponentially growing, jittered pause between them. Only transient failures (5xx, timeouts,
 * broken connections, 429) are retried.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    boolean shouldRetry(int attempt, CloudException failure) {
        return attempt < maxAttempts && (failure.kind().isTransient() || failure.httpStatus() == 429);
    }

    /** The pause after the given failed attempt (1-based): initial * 2^(attempt-1), capped, then 50-100 %. */
    Duration backoff(int attempt) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exponential = initial << Math.min(attempt - 1, 20);
        long base = Math.min(cap, exponential < 0 ? cap : exponential);
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
