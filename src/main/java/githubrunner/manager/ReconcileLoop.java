package githubrunner.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs cycles: one, then a sleep until the time it asked for, or until woken
 * (a flush, a new reactive job). Nothing a cycle throws stops it.
 */
final class ReconcileLoop implements AutoCloseable {
    /** One cycle; returns when the next should start. */
    @FunctionalInterface
    interface Cycle {
        Instant run() throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private final Cycle cycle;
    private final Clock clock;
    private final Duration afterCrash;
    private final Object wakeUp = new Object();
    private volatile boolean stopping;
    private boolean wakeRequested;
    private Thread thread;

    ReconcileLoop(Cycle cycle, Clock clock, Duration afterCrash) {
        this.cycle = cycle;
        this.clock = clock;
        this.afterCrash = afterCrash;
    }

    void start() {
        thread = new Thread(this::run, "reconciler");
        thread.start();
    }

    private void run() {
        while (!stopping) {
            Instant next;
            try {
                next = cycle.run();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("reconcile cycle failed unexpectedly", e);
                next = clock.instant().plus(afterCrash);
            }
            sleepUntil(next);
        }
        LOG.info("reconciler stopped");
    }

    private void sleepUntil(Instant next) {
        synchronized (wakeUp) {
            while (!stopping && !wakeRequested) {
                long millis = Duration.between(clock.instant(), next).toMillis();
                if (millis <= 0) {
                    break;
                }
                try {
                    wakeUp.wait(Math.min(millis, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                    return;
                }
            }
            wakeRequested = false;
        }
    }

    /** Starts the next cycle now. */
    void wake() {
        synchronized (wakeUp) {
            wakeRequested = true;
            wakeUp.notifyAll();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    /** Stops after the current cycle, waiting for it up to a minute. */
    @Override
    public void close() {
        stopping = true;
        wake();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
