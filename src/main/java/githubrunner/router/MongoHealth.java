package githubrunner.router;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Whether MongoDB answered lately, from every operation's outcome: an outage starts at the first
 * failure and ends at the next success, which calls the recovery listener with the outage's start
 * (the redelivery pass then looks for deliveries GitHub recorded as failed since then).
 */
final class MongoHealth {
    private final Clock clock;
    private final AtomicReference<Instant> outageSince = new AtomicReference<>();
    private volatile Instant lastSuccess = Instant.EPOCH;
    private volatile Consumer<Instant> onRecovery = since -> { };

    MongoHealth(Clock clock) {
        this.clock = clock;
    }

    void onRecovery(Consumer<Instant> listener) {
        onRecovery = listener;
    }

    void succeeded() {
        lastSuccess = clock.instant();
        Instant since = outageSince.get();
        if (since != null && outageSince.compareAndSet(since, null)) {
            onRecovery.accept(since);
        }
    }

    void failed() {
        outageSince.compareAndSet(null, clock.instant());
    }

    boolean isUp() {
        return outageSince.get() == null;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }
}
