package githubrunner.router;

import com.mongodb.MongoException;
import githubrunner.github.GitHubException;
import githubrunner.github.HookDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redelivery pass the router runs by itself: after MongoDB comes back from an outage (the
 * webhooks answered 503 meanwhile), and after the router starts (deliveries failed while it was
 * down), over every known hook, from shortly before the trouble began. It first waits until
 * abandoned claims can be taken over, so redelivered events are enqueued, not taken for
 * duplicates. One unit at a time works on a hook (a lease in the shared state); passes asked for
 * while one runs are merged into the next, from the earliest time asked.
 */
final class AutomaticRedelivery implements AutoCloseable {
    /** How long after a recovery the pass starts: abandoned claims can be taken over by then. */
    static Duration settleDelay() {
        return DeliveryLedger.ABANDONED_AFTER.plusSeconds(1);
    }

    /** Deliveries a little older than the outage's first failure failed too (GitHub waits up to 10 s). */
    static final Duration MARGIN = Duration.ofMinutes(1);
    /** GitHub lists deliveries of the last 3 days at most. */
    static final Duration LONGEST = Duration.ofDays(3);
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(AutomaticRedelivery.class);

    private final RedeliveryPass pass;
    private final KnownHooks hooks;
    private final RouterState state;
    private final RouterMetrics metrics;
    private final String unit;
    private final Clock clock;
    private final Duration settleDelay;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-redelivery");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Instant> pending = new AtomicReference<>();

    AutomaticRedelivery(RedeliveryPass pass, KnownHooks hooks, RouterState state, RouterMetrics metrics, String unit,
                        Clock clock, Duration settleDelay) {
        this.pass = pass;
        this.hooks = hooks;
        this.state = state;
        this.metrics = metrics;
        this.unit = unit;
        this.clock = clock;
        this.settleDelay = settleDelay;
    }

    /** Deliveries may have failed since {@code since}: redeliver them soon. */
    void request(Instant since) {
        Instant from = since.minus(MARGIN);
        Instant oldest = clock.instant().minus(LONGEST);
        Instant bounded = from.isBefore(oldest) ? oldest : from;
        if (pending.getAndAccumulate(bounded, (a, b) -> a == null || b.isBefore(a) ? b : a) != null) {
            return; // a pass is already waiting and now starts from the earlier time
        }
        try {
            worker.execute(this::runPending);
        } catch (RejectedExecutionException closed) {
            pending.set(null);
        }
    }

    private void runPending() {
        try {
            Thread.sleep(settleDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Instant since = pending.getAndSet(null);
        if (since == null) {
            return;
        }
        for (HookDeliveries.Hook hook : hooks.all()) {
            try {
                if (!state.claimPass(hook, unit, LEASE)) {
                    LOG.info("{}: another unit is redelivering its failed deliveries", hook);
                    continue;
                }
                try {
                    RedeliveryPass.Result result = pass.run(hook, since);
                    metrics.redelivery("redelivered", result.redelivered());
                    metrics.redelivery("error", result.errors());
                } finally {
                    state.releasePass(hook, unit);
                }
            } catch (MongoException e) {
                // The health probe sees the outage too; its end asks for a pass again.
                LOG.warn("{}: redelivery postponed, MongoDB failed: {}", hook, e.getMessage());
                return;
            } catch (GitHubException e) {
                LOG.warn("{}: failed deliveries not redelivered: {}", hook, e.getMessage());
                metrics.redelivery("error", 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: redelivery pass failed", hook, e);
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
