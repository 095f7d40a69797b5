package githubrunner.manager;

import githubrunner.contract.ManagerApi;
import githubrunner.contract.ManagerConfig;
import githubrunner.metrics.ReactiveMetrics;
import githubrunner.reactive.ConsumerConfig;
import githubrunner.reactive.ConsumerSupervisor;
import githubrunner.reactive.MongoConnection;
import githubrunner.reactive.QueueStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit's reactive side while MongoDB is integrated: the runner requests its consumers make
 * (the reconciler's demand, {@link ReactiveRequests}), the consumer processes
 * ({@link ConsumerSupervisor}) and a watch on the queue ({@link QueueWatch}).
 *
 * <p>{@value #CONSUMERS} consumers per unit: claims are limited by what the manager answers (open
 * requests against its capacity), not by the number of processes, so one process could serve the
 * whole capacity (each may hold up to the capacity, at most {@value #MAX_IN_FLIGHT}); the second
 * keeps the unit claiming while the first restarts after a crash. More would only cost memory
 * (about 87 MiB each, docs/PERFORMANCE.md).
 */
public final class ReactiveMode implements AutoCloseable {
    static final int CONSUMERS = 2;
    static final int MAX_IN_FLIGHT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ReactiveMode.class);

    private final ReactiveRequests requests;
    private final ConsumerSupervisor consumers;
    private final ConsumerConfig consumerConfig;
    private final int count;
    private final MongoConnection mongo;
    private final QueueWatch watch;
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "queue-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Runnable wake = () -> { };
    private int pauses;
    private boolean closed;

    /**
     * @param stateDirectory the unit's 0700 directory, for the consumers' 0600 config
     * @param consumerLog the unit's consumer log ({@link ManagerConfig#consumerLogPath})
     */
    public ReactiveMode(ManagerConfig config, Path stateDirectory, Path consumerLog, ManagerStatus status,
                        ReactiveMetrics metrics, Clock clock) throws IOException {
        ManagerConfig.Reactive reactive = config.reactive();
        requests = new ReactiveRequests(clock, config.runners().baseVirtualMachines(),
                config.runners().maxTotalVirtualMachines(), () -> wake.run(), metrics);
        ManagerConfig.ConsumerTuning tuning = reactive.consumers();
        count = tuning != null && tuning.count() != null ? tuning.count() : CONSUMERS;
        consumerConfig = consumerConfig(config, Math.max(1, Math.min(requests.capacity(), MAX_IN_FLIGHT)));
        consumers = new ConsumerSupervisor(ConsumerSupervisor.Options.defaults(stateDirectory.resolve("consumer.yaml"),
                consumerLog), clock);
        mongo = MongoConnection.open(reactive.mongodbUri(), reactive.database(), "github-runner-manager");
        watch = new QueueWatch(() -> QueueStats.read(mongo.database(), reactive.queue(), clock), consumers::status,
                requests, status, metrics, clock);
    }

    /** The consumers' configuration: the manager's own target, credentials and labels, the MongoDB queue. */
    static ConsumerConfig consumerConfig(ManagerConfig config, int maxInFlight) {
        ManagerConfig.Reactive reactive = config.reactive();
        ManagerConfig.ConsumerTuning tuning = reactive.consumers() != null ? reactive.consumers()
                : new ManagerConfig.ConsumerTuning(null, null, null, null, null);
        ConsumerConfig.Limits d = ConsumerConfig.Limits.defaults();
        ConsumerConfig.Limits limits = new ConsumerConfig.Limits(maxInFlight, or(tuning.leaseSeconds(), d.leaseSeconds()),
                d.maxAttempts(), d.retryBackoffSeconds(), d.maxRetryBackoffSeconds(), d.maxClaims(),
                or(tuning.claimIntervalMillis(), d.claimIntervalMillis()), or(tuning.pollMinMillis(), d.pollMinMillis()),
                or(tuning.pollMaxMillis(), d.pollMaxMillis()), d.maxPollFailures(), d.managerOutageSeconds());
        java.util.List<String> labels = config.runners().labels();
        return new ConsumerConfig(ConsumerConfig.VERSION, config.unit(), config.prefix(),
                new ConsumerConfig.Mongo(reactive.mongodbUri(), reactive.database(), reactive.queue()),
                ClientSettings.github(config.github()), config.managerProxy(),
                new ConsumerConfig.Manager(config.httpPort(), config.apiToken()), labels,
                ConsumerConfig.architectureLabel(labels, System.getProperty("os.arch")), limits, config.logLevel());
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    public ReactiveRequests requests() {
        return requests;
    }

    /** What a new request wakes: the reconciler, so that the runner is created at once. */
    public void wakes(Runnable reconciler) {
        this.wake = reconciler;
    }

    /** Starts the consumers (the API must be up: they ask it at once) and the watch. */
    public synchronized void start() throws IOException, InterruptedException {
        consumers.start(consumerConfig, count);
        LOG.info("{} consumers of queue {} started ({} messages each at most)", count, consumerConfig.mongodb().queue(),
                consumerConfig.limits().maxInFlight());
        looks.scheduleWithFixedDelay(this::look, 0, QueueWatch.EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look() {
        boolean paused;
        synchronized (this) {
            paused = pauses > 0 || closed;
        }
        watch.look(paused);
    }

    /** The queue as last seen (at most {@link QueueWatch#EVERY} ago), the requests and consumers as they are. */
    public ManagerApi.Queue queue() {
        return watch.last();
    }

    /**
     * Stops the consumers for a flush: they give their messages back and close their requests
     * (the API stays up for that); requests left over are forgotten. Until {@link #resume()}.
     */
    public synchronized void pause() throws InterruptedException {
        if (pauses++ == 0 && !closed) {
            consumers.stop();
            requests.clear();
            LOG.info("consumers stopped, their messages given back and runner requests cleared");
        }
    }

    /** Starts the consumers again after the last {@link #pause()}. */
    public synchronized void resume() throws InterruptedException {
        if (--pauses == 0 && !closed) {
            try {
                consumers.start(consumerConfig, count);
                LOG.info("{} consumers started again", count);
            } catch (IOException e) {
                LOG.error("consumers not started again: {}", e.getMessage());
            }
        }
    }

    /** Stops the consumers (their messages given back) and the watch. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
        }
        looks.shutdownNow();
        consumers.close();
        mongo.close();
    }
}
