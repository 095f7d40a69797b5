package githubrunner.sim.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so "60 seconds later" or "the server became ACTIVE" needs no
 * sleeping. Starts at the real time so timestamps look plausible.
 */
public final class SimClock extends Clock {
    private final AtomicReference<Instant> now;

    public SimClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static SimClock startingNow() {
        return new SimClock(Instant.now());
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("SimClock is always UTC");
    }
}
