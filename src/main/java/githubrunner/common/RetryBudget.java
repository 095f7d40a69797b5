package githubrunner.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * How far one call may go in retrying a transient failure: at most {@code maxAttempts} attempts,
 * pauses growing exponentially from {@code initialBackoff} to {@code maxBackoff} with jitter (each
 * pause drawn from 50-100 % of its step, so callers that failed together do not retry together),
 * and no attempt starting later than {@code maxTotal} after the first. The time bound counts the
 * attempts themselves: a call whose first attempt timed out after longer than {@code maxTotal} is
 * not retried, so one call holds its caller for at most about one request timeout plus
 * {@code maxTotal}.
 *
 * <p>Which failures are transient is the client's business; this only does the counting.
 */
public record RetryBudget(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {
    public RetryBudget {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (maxTotal.isNegative()) {
            throw new IllegalArgumentException("maxTotal must not be negative");
        }
    }

    /** One attempt, no retry. */
    public static RetryBudget none() {
        return new RetryBudget(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The pause after the given failed attempt (1-based): {@code initial * 2^(attempt-1)}, capped at
     * {@code maxBackoff}, then drawn from 50-100 % of that.
     */
    public Duration backoff(int failedAttempt, RandomGenerator random) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exponential = initial << Math.min(Math.max(failedAttempt, 1) - 1, 20);
        long step = Math.min(cap, exponential < 0 ? cap : exponential);
        return Duration.ofMillis(step / 2 + random.nextLong(step / 2 + 1));
    }

    /**
     * Starts counting the attempts of one call.
     *
     * @param nanoTime a monotonic time source ({@code System::nanoTime}; tests pass a fake one)
     */
    public Attempts start(LongSupplier nanoTime, RandomGenerator random) {
        return new Attempts(this, nanoTime, random);
    }

    /** The attempts of one call so far. Not thread-safe: one per call. */
    public static final class Attempts {
        private final RetryBudget budget;
        private final LongSupplier nanoTime;
        private final RandomGenerator random;
        private final long startedAt;
        private int attempts = 1;

        private Attempts(RetryBudget budget, LongSupplier nanoTime, RandomGenerator random) {
            this.budget = budget;
            this.nanoTime = nanoTime;
            this.random = random;
            this.startedAt = nanoTime.getAsLong();
        }

        /**
         * After the current attempt failed transiently: the pause before the next attempt, counted as
         * started; or empty when attempts or time are spent and the failure should be thrown.
         */
        public Optional<Duration> retryAfterFailure() {
            if (attempts >= budget.maxAttempts) {
                return Optional.empty();
            }
            Duration pause = budget.backoff(attempts, random);
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startedAt);
            if (elapsed.plus(pause).compareTo(budget.maxTotal) > 0) {
                return Optional.empty();
            }
            attempts++;
            return Optional.of(pause);
        }

        /** Attempts made or started, the first included. */
        public int attempts() {
            return attempts;
        }

        public Duration elapsed() {
            return Duration.ofNanos(nanoTime.getAsLong() - startedAt);
        }
    }
}
