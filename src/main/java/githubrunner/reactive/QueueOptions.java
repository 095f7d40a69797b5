package githubrunner.reactive;

import java.time.Duration;
import java.util.Objects;

/**
 * How messages are leased and retried.
 *
 * @param queue the kombu queue to consume: the application name (the router's flavour)
 * @param lease how long a claim holds without renewal; renew well before (a third of it)
 * @param maxAttempts failed attempts after which a message goes to the dead letters (the Python
 *     consumer's limit was 5)
 * @param retryBackoff wait after the first failed attempt; it doubles with each further one
 * @param maxRetryBackoff the longest wait between attempts
 * @param maxClaims claims without any outcome (a holder killed, or cut off from MongoDB, each time)
 *     after which a message goes to the dead letters: a message that crashes its consumer would
 *     otherwise be retried forever
 */
public record QueueOptions(String queue, Duration lease, int maxAttempts, Duration retryBackoff,
                           Duration maxRetryBackoff, int maxClaims) {
    public QueueOptions {
        Objects.requireNonNull(queue, "queue");
        if (queue.isBlank() || lease.isNegative() || lease.isZero() || maxAttempts < 1 || maxClaims < maxAttempts
                || retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("invalid queue options " + queue + " " + lease + " " + maxAttempts
                    + " " + retryBackoff + " " + maxRetryBackoff + " " + maxClaims);
        }
    }

    /** 30 s leases, 5 attempts 60 s, 120 s, 240 s, 480 s apart (at most 30 min), 10 claims. */
    public static QueueOptions defaults(String queue) {
        return new QueueOptions(queue, Duration.ofSeconds(30), 5, Duration.ofSeconds(60), Duration.ofMinutes(30), 10);
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    public Duration backoff(long attempt) {
        long shift = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = retryBackoff.toMillis() << shift;
        return millis < 0 || millis > maxRetryBackoff.toMillis() ? maxRetryBackoff : Duration.ofMillis(millis);
    }
}
