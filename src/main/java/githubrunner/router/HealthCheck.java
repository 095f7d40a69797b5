package githubrunner.router;

import githubrunner.reactive.MongoConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}: MongoDB answered lately. A recent successful operation is enough; otherwise
 * one ping at a time is sent (every caller waits for the same one), so a flood of health checks
 * costs MongoDB at most one round trip in flight.
 */
final class HealthCheck {
    static final Duration FRESH = Duration.ofSeconds(2);
    static final Duration PING_DEADLINE = Duration.ofMillis(1500);

    private final MongoConnection mongo;
    private final MongoHealth health;
    private final Executor executor;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    HealthCheck(MongoConnection mongo, MongoHealth health, Executor executor, Clock clock) {
        this.mongo = mongo;
        this.health = health;
        this.executor = executor;
        this.clock = clock;
    }

    CompletableFuture<Boolean> check() {
        if (health.isUp() && health.lastSuccess().plus(FRESH).isAfter(clock.instant())) {
            return CompletableFuture.completedFuture(true);
        }
        return ping();
    }

    /** One ping, shared by every caller while it runs; false when MongoDB failed or took too long. */
    CompletableFuture<Boolean> ping() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        try {
            CompletableFuture.supplyAsync(() -> {
                try {
                    mongo.ping();
                    health.succeeded();
                    return true;
                } catch (RuntimeException e) {
                    health.failed();
                    return false;
                }
            }, executor).completeOnTimeout(false, PING_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((up, error) -> {
                        inFlight.set(null);
                        mine.complete(error == null && up);
                    });
        } catch (RuntimeException rejected) {
            inFlight.set(null);
            mine.complete(false);
        }
        return mine;
    }
}
