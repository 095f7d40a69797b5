package githubrunner.reactive;

import java.time.Duration;

/**
 * How one consumer process paces itself.
 *
 * @param queue leases and retries
 * @param maxInFlight messages held at once; the unit's manager decides how many get a runner
 * @param claimInterval wait between claims when the queue is empty (kombu polls every second)
 * @param pollMin first wait before checking a waiting job again; grows by half each check
 * @param pollMax the longest wait between checks of a waiting job while GitHub's budget is healthy
 * @param maxPollFailures consecutive failed checks of a waiting job that fail the attempt
 * @param managerOutage how long the manager may be unreachable before a message goes back to the
 *     queue for another unit (uncounted)
 */
public record ConsumerSettings(QueueOptions queue, int maxInFlight, Duration claimInterval, Duration pollMin,
                               Duration pollMax, int maxPollFailures, Duration managerOutage) {
    public ConsumerSettings {
        if (maxInFlight < 1 || maxPollFailures < 1 || claimInterval.isNegative() || claimInterval.isZero()
                || pollMin.isNegative() || pollMin.isZero() || pollMax.compareTo(pollMin) < 0 || managerOutage.isNegative()) {
            throw new IllegalArgumentException("invalid consumer settings");
        }
    }

    /** Leases and requests are renewed at a third of their length: two renewals may fail before one lapses. */
    public Duration renewEvery() {
        return queue.lease().dividedBy(3);
    }
}
