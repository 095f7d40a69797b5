package githubrunner.reactive;

import com.mongodb.MongoException;
import githubrunner.common.MongoUris;
import githubrunner.contract.ReactiveApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer: claims messages while this unit's manager has room for more runners, and drives
 * each claimed message ({@link JobWork}) on a few worker threads until it has its outcome.
 *
 * <p>It claims only while the manager's last answer showed room (open requests below capacity),
 * or when it holds nothing: a full unit leaves the queue to units with room. MongoDB or the
 * manager being down stops nothing but claiming: held messages keep their runner requests, and
 * everything resumes when they are back. {@link #stop()} gives every held message back (uncounted)
 * and closes its runner request.
 */
public final class Consumer {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);
    static final Duration MONGO_BACKOFF_MAX = Duration.ofSeconds(5);
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    static final Duration MANAGER_PROBE_EVERY = Duration.ofSeconds(5);

    private final JobWork.Context context;
    private final Map<ObjectId, JobWork> held = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor workers;
    private final Object wake = new Object();
    private volatile boolean stopping;
    private volatile ReactiveApi.RequestState managerState;
    private volatile boolean managerDown;
    private volatile Instant mongoDownSince;
    private final AtomicInteger mongoFailures = new AtomicInteger();
    private Instant nextPrune = Instant.MIN;
    private Instant nextManagerProbe = Instant.MIN;

    public Consumer(MessageQueue queue, JobRegistry registry, MessageCheck check, JobLookup github,
                    RunnerRequests manager, ConsumerSettings settings, Clock clock) {
        this.context = new JobWork.Context(queue, registry, check, github, manager, settings,
                new PollPace(settings.pollMin(), settings.pollMax()), clock, new Observer());
        int threads = Math.min(settings.maxInFlight(), 4);
        AtomicInteger number = new AtomicInteger();
        this.workers = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread thread = new Thread(task, "job-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        workers.setRemoveOnCancelPolicy(true);
    }

    /** Messages held now. */
    public int held() {
        return held.size();
    }

    /** Claims and serves until {@link #stop()}, then gives everything held back. */
    public void run() throws InterruptedException {
        Duration mongoBackoff = Duration.ofSeconds(1);
        try {
            context.queue().ensureIndexes();
        } catch (MongoException e) {
            LOG.warn("cannot ensure the queue's index yet ({}); claims still work", describe(e));
        }
        while (!stopping) {
            if (mongoDownSince != null) {
                // Held messages wait for MongoDB without trying; this loop finds out when it is back.
                try {
                    context.queue().ping();
                    context.observer().mongoWorked();
                    mongoBackoff = Duration.ofSeconds(1);
                } catch (MongoException e) {
                    context.observer().mongoFailed(e);
                    pause(mongoBackoff);
                    mongoBackoff = mongoBackoff.multipliedBy(2).compareTo(MONGO_BACKOFF_MAX) > 0 ? MONGO_BACKOFF_MAX
                            : mongoBackoff.multipliedBy(2);
                    continue;
                }
            }
            pruneWhenDue();
            if (!hasRoom()) {
                pause(context.settings().claimInterval());
                continue;
            }
            Optional<Claim> claim;
            try {
                claim = context.queue().claim();
                mongoBackoff = Duration.ofSeconds(1);
                context.observer().mongoWorked();
            } catch (MongoException e) {
                context.observer().mongoFailed(e);
                pause(mongoBackoff);
                mongoBackoff = mongoBackoff.multipliedBy(2).compareTo(MONGO_BACKOFF_MAX) > 0 ? MONGO_BACKOFF_MAX
                        : mongoBackoff.multipliedBy(2);
                continue;
            }
            if (claim.isEmpty()) {
                long jitter = ThreadLocalRandom.current().nextLong(context.settings().claimInterval().toMillis() / 4 + 1);
                pause(context.settings().claimInterval().plusMillis(jitter));
                continue;
            }
            if (held.containsKey(claim.get().id())) {
                // Its lease lapsed while MongoDB was away and this claim renewed it: already being served.
                continue;
            }
            JobWork work = new JobWork(context, claim.get());
            held.put(claim.get().id(), work);
            schedule(work, Duration.ZERO);
        }
        shutdown();
    }

    /** Asks {@link #run()} to finish: no new claim, held messages given back. Safe from a signal handler. */
    public void stop() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Room for one more message: the manager's last answer has capacity beyond its open requests
     * and the messages still being checked here (each may become a request). Without an answer
     * yet, one message at a time.
     */
    private boolean hasRoom() {
        if (held.size() >= context.settings().maxInFlight()) {
            return false;
        }
        if (managerDown) {
            return held.isEmpty() && managerAnswers();
        }
        if (held.isEmpty()) {
            return true;
        }
        long deciding = held.values().stream().filter(JobWork::isDeciding).count();
        ReactiveApi.RequestState state = managerState;
        return state == null ? deciding == 0 : state.open() + deciding < state.capacity();
    }

    /** After the manager was unreachable: is it back? (Claiming meanwhile would only cost GitHub calls.) */
    private boolean managerAnswers() {
        Instant now = context.clock().instant();
        if (now.isBefore(nextManagerProbe)) {
            return false;
        }
        nextManagerProbe = now.plus(MANAGER_PROBE_EVERY);
        try {
            context.manager().list();
            managerDown = false;
            LOG.info("manager reachable again");
            return true;
        } catch (RunnerRequests.Unavailable | RunnerRequests.Refused e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void schedule(JobWork work, Duration delay) {
        try {
            workers.schedule(() -> runStep(work), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the message is given back by shutdown()
        }
    }

    private void runStep(JobWork work) {
        if (stopping) {
            return;
        }
        Optional<Duration> next;
        try {
            next = work.step();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // A bug must not lose the message: it stays held, its lease lapses if this repeats.
            LOG.error("message {}: unexpected failure; retrying in 30 s", work.claim().id(), e);
            next = Optional.of(Duration.ofSeconds(30));
        }
        if (next.isEmpty()) {
            held.remove(work.claim().id(), work);
            synchronized (wake) {
                wake.notifyAll();
            }
        } else {
            schedule(work, next.get());
        }
    }

    private void shutdown() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
            workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        List<JobWork> remaining = List.copyOf(held.values());
        for (JobWork work : remaining) {
            work.giveBack("consumer stopping");
        }
        held.clear();
        LOG.info("consumer stopped; {} messages given back", remaining.size());
    }

    private void pruneWhenDue() {
        Instant now = context.clock().instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try {
            long pruned = context.registry().prune(JobRegistry.KEEP_FINISHED);
            if (pruned > 0) {
                LOG.info("pruned {} job entries older than {} days", pruned, JobRegistry.KEEP_FINISHED.toDays());
            }
        } catch (MongoException e) {
            nextPrune = now.plus(Duration.ofMinutes(1));
        }
    }

    private void pause(Duration duration) throws InterruptedException {
        synchronized (wake) {
            if (!stopping) {
                wake.wait(Math.max(1, duration.toMillis()));
            }
        }
    }

    static String describe(MongoException e) {
        return MongoUris.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private final class Observer implements JobWork.Observer {
        @Override
        public void managerState(ReactiveApi.RequestState state) {
            managerState = state;
            if (managerDown) {
                managerDown = false;
                LOG.info("manager reachable again");
            }
        }

        @Override
        public void managerUnavailable() {
            managerDown = true;
        }

        @Override
        public void mongoFailed(MongoException e) {
            if (mongoDownSince == null) {
                mongoDownSince = context.clock().instant();
                LOG.warn("MongoDB unavailable ({}); held messages keep their runner requests, retrying", describe(e));
            } else if (mongoFailures.incrementAndGet() % 20 == 0) {
                LOG.warn("MongoDB still unavailable after {} s ({})",
                        Duration.between(mongoDownSince, context.clock().instant()).toSeconds(), describe(e));
            }
        }

        @Override
        public boolean mongoDown() {
            return mongoDownSince != null;
        }

        @Override
        public void mongoWorked() {
            Instant since = mongoDownSince;
            if (since != null) {
                mongoDownSince = null;
                mongoFailures.set(0);
                LOG.info("MongoDB available again after {} s", Duration.between(since, context.clock().instant()).toSeconds());
            }
        }
    }
}
