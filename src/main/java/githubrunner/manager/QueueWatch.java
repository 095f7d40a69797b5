package githubrunner.manager;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import githubrunner.common.MongoUris;
import githubrunner.contract.ManagerApi;
import githubrunner.metrics.ReactiveMetrics;
import githubrunner.reactive.ConsumerSupervisor;
import githubrunner.reactive.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the queue and the consumers every few seconds, for {@code juju status}, check-runners
 * and the metrics: the queue's depth and ages (one MongoDB connection of its own, every wait
 * bounded), the consumers running, and what stops reactive runners from coming. MongoDB counts as
 * unreachable after {@link #FAILURES_SHOWN} failed looks in a row, so one lost answer does not make
 * the status flap; the base pool is not affected either way.
 */
final class QueueWatch {
    /** Failed looks in a row before MongoDB shows as unreachable. */
    static final int FAILURES_SHOWN = 2;
    /** How often it looks. */
    static final Duration EVERY = Duration.ofSeconds(5);
    private static final Pattern CAUSE = Pattern.compile("caused by \\{([^}]*)\\}");
    private static final Logger LOG = LoggerFactory.getLogger(QueueWatch.class);

    /** Reads the queue; throws what the driver throws. */
    @FunctionalInterface
    interface Source {
        QueueStats read();
    }

    private final Source queue;
    private final Supplier<ConsumerSupervisor.Status> consumers;
    private final ReactiveRequests requests;
    private final ManagerStatus status;
    private final ReactiveMetrics metrics;
    private final Clock clock;
    private int failures;
    private String mongoProblem;
    private long queued = -1;
    private int exitsSeen;
    private volatile ManagerApi.Queue last;

    QueueWatch(Source queue, Supplier<ConsumerSupervisor.Status> consumers, ReactiveRequests requests, ManagerStatus status,
               ReactiveMetrics metrics, Clock clock) {
        this.queue = queue;
        this.consumers = consumers;
        this.requests = requests;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One look: reads the queue and the consumers, publishes what it saw; never throws.
     *
     * @param paused the consumers are stopped on purpose (a flush): that is no problem to report
     */
    synchronized ManagerApi.Queue look(boolean paused) {
        try {
            QueueStats stats = queue.read();
            queued = stats.messages();
            metrics.queue((int) Math.min(Integer.MAX_VALUE, stats.messages()), stats.oldest(), stats.oldestClaimed());
            if (mongoProblem != null) {
                LOG.info("MongoDB reachable again");
            }
            failures = 0;
            mongoProblem = null;
        } catch (MongoException | IllegalStateException e) {
            failures++;
            String reason = describe(e);
            if (failures == FAILURES_SHOWN) {
                LOG.warn("the queue cannot be read ({} looks in a row): {}", failures, MongoUris.redact(String.valueOf(e.getMessage())));
            }
            if (failures >= FAILURES_SHOWN) {
                mongoProblem = "MongoDB unreachable (" + reason + "): reactive runners paused";
                queued = -1;
            }
        }
        ConsumerSupervisor.Status running = consumers.get();
        int exits = running.consumers().stream().mapToInt(ConsumerSupervisor.ConsumerState::exits).sum();
        for (int i = exitsSeen; i < exits; i++) {
            metrics.consumerRestarted();
        }
        exitsSeen = exits; // a new start counts from zero again
        String problem = mongoProblem != null ? mongoProblem : paused ? null : running.problem();
        ManagerApi.Queue reading = new ManagerApi.Queue(queued, requests.open(clock.instant()), running.running(), problem);
        status.queue(reading);
        last = reading;
        return reading;
    }

    /**
     * Now: the queue's depth and the problem as the last look saw them (no call to MongoDB, which
     * may be down), the unit's requests and consumers as they are.
     */
    ManagerApi.Queue last() {
        ManagerApi.Queue reading = last;
        return new ManagerApi.Queue(reading == null ? -1 : reading.queued(), requests.open(clock.instant()),
                consumers.get().running(), reading == null ? null : reading.problem());
    }

    /** A short reason for the status line; the driver's full message (redacted) goes to the log. */
    static String describe(Exception e) {
        if (e instanceof MongoSecurityException) {
            return "it refuses the credentials";
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof MongoTimeoutException) {
            String cause = null;
            Matcher m = CAUSE.matcher(message);
            while (m.find()) {
                cause = m.group(1);
            }
            if (cause != null) {
                return MongoUris.redact(cause.replaceAll("^[a-z.]+\\.", "")).strip();
            }
            return "no answer in time";
        }
        String text = e.getClass().getSimpleName() + ": " + MongoUris.redact(message);
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
