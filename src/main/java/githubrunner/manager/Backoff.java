package githubrunner.manager;

import java.time.Duration;
import java.time.Instant;

/**
 * The retry pace of one failing scope (the fleet listing, runner creation), kept apart so a
 * failing scope never pauses the others. A transient failure (5xx, timeout) is retried soon,
 * and only when failures persist across several cycles does the pause grow, exponentially up to
 * a cap; a failure that will not pass by itself (quota, auth, a missing image) skips the quick
 * phase; a known end (a rate-limit reset) is waited for exactly. Not thread-safe: the
 * reconciler's lock guards it.
 */
final class Backoff {
    private final Duration quick;
    private final int quickFailures;
    private final Duration slow;
    private final Duration max;
    private int failures;
    private Instant until = Instant.MIN;

    /**
     * @param quick the pause after each of the first {@code quickFailures} transient failures
     * @param slow the first pause after that, doubled after each further failure
     * @param max the longest pause
     */
    Backoff(Duration quick, int quickFailures, Duration slow, Duration max) {
        this.quick = quick;
        this.quickFailures = quickFailures;
        this.slow = slow;
        this.max = max;
    }

    /** Records a failure at {@code now}; returns when to try again. */
    Instant failed(Instant now, boolean persistent, Instant knownEnd) {
        failures++;
        if (knownEnd != null) {
            until = knownEnd.isAfter(now) ? knownEnd : now;
            return until;
        }
        until = now.plus(pause(persistent));
        return until;
    }

    private Duration pause(boolean persistent) {
        if (!persistent && failures <= quickFailures) {
            return quick;
        }
        int doublings = persistent ? failures - 1 : failures - quickFailures - 1;
        long millis = slow.toMillis() << Math.min(Math.max(doublings, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    void succeeded() {
        failures = 0;
        until = Instant.MIN;
    }

    boolean allows(Instant now) {
        return !now.isBefore(until);
    }

    Instant until() {
        return until;
    }

    int failures() {
        return failures;
    }
}
