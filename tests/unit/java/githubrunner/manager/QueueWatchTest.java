package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import githubrunner.contract.ManagerApi;
import githubrunner.contract.ReactiveApi;
import githubrunner.metrics.ReactiveMetrics;
import githubrunner.reactive.ConsumerSupervisor;
import githubrunner.reactive.QueueStats;
import githubrunner.testing.MutableClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the manager shows of the queue and its consumers, and when it calls MongoDB unreachable. */
class QueueWatchTest {
    static final String REFUSED = "Timed out after 5000 ms while waiting to connect. Client view of cluster state is "
            + "{type=UNKNOWN, servers=[{address=db:27017, type=UNKNOWN, state=CONNECTING, exception="
            + "{com.mongodb.MongoSocketOpenException: Exception opening socket}, caused by {java.net.ConnectException: "
            + "Connection refused}}]";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    final PrometheusRegistry registry = new PrometheusRegistry();
    final ManagerStatus status = new ManagerStatus(clock.instant());
    final ReactiveRequests requests = new ReactiveRequests(clock, 0, 10, () -> { }, new githubrunner.metrics.ReactiveMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry(), "test"));
    final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    final AtomicReference<ConsumerSupervisor.Status> consumers = new AtomicReference<>(running(2, 0, null));
    final QueueWatch watch = new QueueWatch(() -> {
        if (failure.get() != null) {
            throw failure.get();
        }
        return new QueueStats(3, Duration.ofSeconds(90), Duration.ofSeconds(30));
    }, consumers::get, requests, status, new ReactiveMetrics(registry, "large"), clock);

    static ConsumerSupervisor.Status running(int running, int exits, String problem) {
        return new ConsumerSupervisor.Status(2, running, problem != null, problem, List.of(
                new ConsumerSupervisor.ConsumerState(1, running > 0 ? 100 : -1, null, exits, null, -1),
                new ConsumerSupervisor.ConsumerState(2, running > 1 ? 101 : -1, null, 0, null, -1)));
    }

    String metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString();
    }

    @Test
    void readsTheQueueTheRequestsAndTheConsumers() throws Exception {
        requests.put(7, new ReactiveApi.RunnerRequest("https://api.github.com/repos/o/r/actions/jobs/7", List.of(), 30));
        assertEquals(new ManagerApi.Queue(3, 1, 2, null), watch.look(false));
        assertEquals(new ManagerApi.Queue(3, 1, 2, null), status.snapshot().queue());
        String text = metrics();
        assertTrue(text.contains("reactive_queue_depth{flavor=\"large\"} 3.0"), text);
        assertTrue(text.contains("reactive_queue_oldest_age_seconds{flavor=\"large\"} 90.0"), text);
        assertTrue(text.contains("reactive_claim_oldest_age_seconds{flavor=\"large\"} 30.0"), text);
    }

    @Test
    void mongoDbIsUnreachableAfterTwoFailedLooksAndReachableAtTheFirstGoodOne() {
        status.looked(new ManagerStatus.Reconcile("check", clock.instant(), Duration.ZERO, "ok", null),
                new ManagerStatus.Counts(1, 0, 0, 0, 1, 1), 0);
        failure.set(new MongoTimeoutException(REFUSED));
        assertNull(watch.look(false).problem(), "one lost answer is not an outage");
        ManagerApi.Queue down = watch.look(false);
        assertEquals("MongoDB unreachable (ConnectException: Connection refused): reactive runners paused", down.problem());
        assertEquals(-1, down.queued());
        assertEquals("waiting", status.snapshot().juju()[0]);
        failure.set(null);
        assertNull(watch.look(false).problem());
    }

    @Test
    void theStatusLineSaysWhyInFewWordsAndNeverShowsAPassword() {
        assertEquals("it refuses the credentials", QueueWatch.describe(new MongoSecurityException(null, "auth failed")));
        assertEquals("no answer in time", QueueWatch.describe(new MongoTimeoutException("Timed out after 5000 ms")));
        String other = QueueWatch.describe(new com.mongodb.MongoException("bad mongodb://u:hunter2@db:27017/x " + "x".repeat(300)));
        assertFalse(other.contains("hunter2"), other);
        assertTrue(other.length() < 130, other);
    }

    @Test
    void aCrashLoopIsAProblemExceptWhileTheConsumersArePausedAndRestartsAreCounted() throws IOException {
        consumers.set(running(1, 5, "reactive consumers crash-looping: 5 exits in 10 min, last exit code 1"));
        assertEquals("reactive consumers crash-looping: 5 exits in 10 min, last exit code 1", watch.look(false).problem());
        assertNull(watch.look(true).problem(), "stopped on purpose (a flush)");
        assertTrue(metrics().contains("reactive_consumer_restarts_total{flavor=\"large\"} 5.0"), metrics());
        consumers.set(running(2, 1, null)); // started again: its slots count from zero
        watch.look(false);
        assertTrue(metrics().contains("reactive_consumer_restarts_total{flavor=\"large\"} 5.0"), metrics());
        consumers.set(running(2, 2, null));
        watch.look(false);
        assertTrue(metrics().contains("reactive_consumer_restarts_total{flavor=\"large\"} 6.0"), metrics());
    }
}
