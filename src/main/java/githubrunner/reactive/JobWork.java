package githubrunner.reactive;

import com.mongodb.MongoException;
import githubrunner.contract.ReactiveApi;
import githubrunner.github.GitHubException;
import githubrunner.github.WorkflowJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed message, from claim to outcome. Driven by {@link #step()}, never by two threads at
 * once; each step does what is due (renew the lease, renew the runner request, check the job) and
 * says when it wants to run again.
 *
 * <p>Outcomes: dropped (malformed, foreign, job gone: recorded with the reason), done (the job was
 * picked up: message deleted), duplicate (another message serves the job, or it was served:
 * deleted), retried (GitHub or the manager failed: counted, backed off, dead letters at the
 * limit), given back (shutdown, manager long unreachable: uncounted), or abandoned (the lease was
 * lost to another consumer, which now decides).
 */
final class JobWork {
    private static final Logger LOG = LoggerFactory.getLogger(JobWork.class);
    /** How soon to try again after MongoDB failed (the driver reconnects meanwhile). */
    static final Duration MONGO_RETRY = Duration.ofSeconds(2);
    /** How soon to ask an unreachable manager again. */
    static final Duration MANAGER_RETRY = Duration.ofSeconds(2);

    /** What the consumer lends every job. */
    record Context(MessageQueue queue, JobRegistry registry, MessageCheck check, JobLookup github,
                   RunnerRequests manager, ConsumerSettings settings, PollPace pace, Clock clock, Observer observer) {}

    /** What the consumer wants to hear about. */
    interface Observer {
        void managerState(ReactiveApi.RequestState state);

        void managerUnavailable();

        void mongoFailed(MongoException e);

        void mongoWorked();

        /** MongoDB failed and has not worked since: calls would only block until they time out. */
        boolean mongoDown();
    }

    private enum Stage { NEW, WAITING, FINISHING, OVER }

    private final Context context;
    private Claim claim;
    private volatile Stage stage = Stage.NEW;
    private MessageCheck.Verdict.Valid valid;
    private boolean acquired;
    private List<String> jobLabels = List.of();
    private boolean requestWanted;
    private boolean requestOpen;
    private Instant leaseRenewal;
    private Instant requestRenewal;
    private Instant nextCheck;
    private int checks;
    private int checkFailures;
    private Instant managerDownSince;
    private Runnable pendingFinish;

    JobWork(Context context, Claim claim) {
        this.context = context;
        this.claim = claim;
        Instant now = context.clock().instant();
        this.leaseRenewal = now.plus(context.settings().renewEvery());
    }

    Claim claim() {
        return claim;
    }

    boolean isOver() {
        return stage == Stage.OVER;
    }

    /** Not yet known whether it will want a runner (the job is being checked). */
    boolean isDeciding() {
        return stage == Stage.NEW;
    }

    /** Does what is due; returns the wait until the next step, or empty once the message has its outcome. */
    Optional<Duration> step() throws InterruptedException {
        try {
            // Steps that need MongoDB wait while it is known to be down: each call would hold a
            // worker for its timeout, and the waiting jobs' runner requests must keep being renewed.
            if ((stage == Stage.NEW || stage == Stage.FINISHING) && context.observer().mongoDown()) {
                return Optional.of(MONGO_RETRY);
            }
            switch (stage) {
                case NEW -> start();
                case WAITING -> tick();
                case FINISHING -> pendingFinish.run();
                case OVER -> { }
            }
        } catch (MongoException e) {
            context.observer().mongoFailed(e);
            return stage == Stage.OVER ? Optional.empty() : Optional.of(MONGO_RETRY);
        }
        if (stage == Stage.OVER) {
            return Optional.empty();
        }
        Instant now = context.clock().instant();
        Instant next = leaseRenewal;
        if (nextCheck != null && nextCheck.isBefore(next)) {
            next = nextCheck;
        }
        if (requestWanted && requestRenewal != null && requestRenewal.isBefore(next)) {
            next = requestRenewal;
        }
        Duration wait = Duration.between(now, next);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** Shutdown: close the runner request and give the message back, uncounted, for any consumer to take. */
    void giveBack(String why) throws InterruptedException {
        giveBack(why, Duration.ZERO);
    }

    private void giveBack(String why, Duration notBefore) throws InterruptedException {
        if (stage == Stage.OVER) {
            return;
        }
        closeRequest();
        if (context.observer().mongoDown()) {
            // every call would wait for its timeout; the leases lapse by themselves instead
            LOG.info("message {} left to its lease ({} s): MongoDB is unavailable", claim.id(),
                    context.settings().queue().lease().toSeconds());
            stage = Stage.OVER;
            return;
        }
        try {
            if (acquired) {
                context.registry().release(valid.key());
            }
            context.queue().release(claim, notBefore);
            LOG.info("message {} given back to the queue: {}", claim.id(), why);
        } catch (MongoException e) {
            LOG.warn("message {} not given back ({}); its lease lapses by itself", claim.id(), e.getClass().getSimpleName());
        }
        stage = Stage.OVER;
    }

    private void start() throws InterruptedException {
        MessageCheck.Verdict verdict = context.check().check(claim);
        if (verdict instanceof MessageCheck.Verdict.Invalid invalid) {
            drop(invalid.reason());
            return;
        }
        valid = (MessageCheck.Verdict.Valid) verdict;
        if (claim.claims() > context.settings().queue().maxClaims()) {
            context.queue().deadLetter(claim, "claimed " + claim.claims() + " times without an outcome: its consumers died"
                    + " or lost MongoDB while holding it");
            LOG.warn("job {}: message {} moved to the dead letters after {} claims without an outcome", valid.key(),
                    claim.id(), claim.claims());
            stage = Stage.OVER;
            return;
        }
        if (!acquire()) {
            return;
        }
        LOG.info("job {}: message {} claimed (labels {}, attempt {})", valid.key(), claim.id(), valid.body().labels(),
                valid.message().headerLong(MessageQueue.ATTEMPTS_HEADER) + 1);
        Optional<WorkflowJob> job;
        try {
            job = context.github().job(valid.job().owner(), valid.job().repo(), valid.job().jobId());
        } catch (GitHubException e) {
            failAttempt("GitHub: " + e.getMessage(), retryAfter(e));
            return;
        }
        evaluate(job);
    }

    /** Takes the job entry; false when the message turned out to be a duplicate (and is deleted). */
    private boolean acquire() {
        JobRegistry.Acquisition acquisition = context.registry().acquire(valid.key(), claim.id(), claim.queue());
        if (acquisition instanceof JobRegistry.Acquisition.Mine) {
            acquired = true;
            return true;
        }
        acquired = false;
        String what = acquisition instanceof JobRegistry.Acquisition.ServedElsewhere elsewhere
                ? "served from message " + elsewhere.message() + " by " + elsewhere.by()
                : "already " + ((JobRegistry.Acquisition.Finished) acquisition).state().name().toLowerCase(java.util.Locale.ROOT);
        finishWith(() -> {
            context.queue().complete(claim);
            LOG.info("job {}: message {} is a duplicate, acknowledged without a runner (job {})", valid.key(), claim.id(), what);
        });
        return false;
    }

    /**
     * The runner request comes first and needs no MongoDB: while MongoDB is down the job keeps its
     * runner demand, and the lease is renewed once MongoDB is back (nobody can claim meanwhile).
     */
    private void tick() throws InterruptedException {
        Instant now = context.clock().instant();
        if (requestWanted && !now.isBefore(requestRenewal)) {
            requestRunner();
            if (stage == Stage.OVER) {
                return;
            }
        }
        if (!now.isBefore(leaseRenewal) && !context.observer().mongoDown()) {
            Optional<Claim> renewed = context.queue().renew(claim);
            context.observer().mongoWorked();
            if (renewed.isEmpty()) {
                abandon("the message's lease was lost to another consumer");
                return;
            }
            claim = renewed.get();
            leaseRenewal = now.plus(context.settings().renewEvery());
            if (!context.registry().renew(valid.key())) {
                // Finished elsewhere, or taken over while our lease had lapsed: ask again.
                closeRequest();
                if (!acquire()) {
                    return;
                }
                requestRenewal = now; // still ours: ask again at once
            }
        } else if (!now.isBefore(leaseRenewal)) {
            leaseRenewal = now.plus(MONGO_RETRY);
        }
        if (nextCheck != null && !now.isBefore(nextCheck)) {
            Optional<WorkflowJob> job;
            try {
                job = context.github().job(valid.job().owner(), valid.job().repo(), valid.job().jobId());
            } catch (GitHubException e) {
                checkFailures++;
                if (checkFailures >= context.settings().maxPollFailures()) {
                    failAttempt("GitHub failed " + checkFailures + " checks in a row: " + e.getMessage(), retryAfter(e));
                    return;
                }
                Duration wait = retryAfter(e);
                Duration pace = context.pace().next(checks, context.github().budget());
                nextCheck = now.plus(wait.compareTo(pace) > 0 ? wait : pace);
                LOG.info("job {}: check failed ({}), next in {} s", valid.key(), e.getMessage(),
                        Duration.between(now, nextCheck).toSeconds());
                return;
            }
            checkFailures = 0;
            evaluate(job);
        }
    }

    /** Acts on what GitHub says of the job. */
    private void evaluate(Optional<WorkflowJob> found) throws InterruptedException {
        if (found.isEmpty()) {
            finishJob(JobRegistry.State.DROPPED, "not found", "job not found on GitHub (404)");
            return;
        }
        WorkflowJob job = found.get();
        List<String> foreign = context.check().foreignLabels(job.labels());
        if (!foreign.isEmpty()) {
            finishJob(JobRegistry.State.DROPPED, "foreign labels", "the job's labels on GitHub "
                    + MessageCheck.quoted(foreign) + " are not served here");
            return;
        }
        if (job.isPickedUp()) {
            finishJob(JobRegistry.State.DONE, job.status(), null);
            return;
        }
        jobLabels = job.labels();
        Instant now = context.clock().instant();
        boolean queued = "queued".equals(job.status());
        if (queued && !requestWanted) {
            requestWanted = true;
            requestRunner();
            if (stage == Stage.OVER) {
                return;
            }
        } else if (!queued && requestWanted) {
            // waiting for an approval, or not yet queued: no runner until it is
            requestWanted = false;
            closeRequest();
        }
        stage = Stage.WAITING;
        nextCheck = now.plus(context.pace().next(checks++, context.github().budget()));
    }

    private void requestRunner() throws InterruptedException {
        Instant now = context.clock().instant();
        try {
            ReactiveApi.RequestState state = context.manager().put(valid.job().jobId(), valid.job().url(),
                    jobLabels.isEmpty() ? valid.body().labels() : jobLabels, context.settings().queue().lease());
            if (!requestOpen) {
                LOG.info("job {}: runner requested ({} open, capacity {})", valid.key(), state.open(), state.capacity());
            }
            requestOpen = true;
            managerDownSince = null;
            requestRenewal = now.plus(context.settings().renewEvery());
            context.observer().managerState(state);
        } catch (RunnerRequests.Unavailable e) {
            context.observer().managerUnavailable();
            if (managerDownSince == null) {
                managerDownSince = now;
                LOG.warn("job {}: {}; asking again", valid.key(), e.getMessage());
            }
            requestRenewal = now.plus(MANAGER_RETRY);
            if (Duration.between(managerDownSince, now).compareTo(context.settings().managerOutage()) >= 0) {
                // Another unit may serve it meanwhile; this one takes nothing new while its manager is down.
                giveBack("the manager has been unavailable for " + Duration.between(managerDownSince, now).toSeconds() + " s",
                        context.settings().managerOutage());
            }
        } catch (RunnerRequests.Refused e) {
            failAttempt(e.getMessage(), Duration.ZERO);
        }
    }

    /** The job needs nothing more: record it for duplicates, then delete (or drop) the message. */
    private void finishJob(JobRegistry.State state, String outcome, String dropReason) throws InterruptedException {
        closeRequest();
        finishWith(() -> {
            context.registry().finish(valid.key(), state, outcome);
            if (dropReason == null) {
                context.queue().complete(claim);
                LOG.info("job {}: {}, message {} done", valid.key(), outcome, claim.id());
            } else {
                context.queue().drop(claim, dropReason);
                LOG.warn("job {}: message {} dropped: {}", valid.key(), claim.id(), dropReason);
            }
        });
    }

    /** Runs an outcome's MongoDB writes now, and again at each step until they succeed. */
    private void finishWith(Runnable writes) {
        pendingFinish = () -> {
            writes.run();
            stage = Stage.OVER;
        };
        stage = Stage.FINISHING;
        pendingFinish.run();
    }

    private void drop(String reason) {
        finishWith(() -> {
            context.queue().drop(claim, reason);
            LOG.warn("message {} dropped: {}", claim.id(), reason);
        });
    }

    private void failAttempt(String reason, Duration atLeast) throws InterruptedException {
        closeRequest();
        finishWith(() -> {
            if (acquired) {
                context.registry().release(valid.key());
            }
            MessageQueue.Retry retry = context.queue().retry(claim, valid.message(), reason, atLeast);
            if (retry instanceof MessageQueue.Retry.Later later) {
                LOG.warn("job {}: attempt {} failed ({}); message {} back in the queue in {} s", valid.key(),
                        later.attempts(), reason, claim.id(), later.delay().toSeconds());
            } else if (retry instanceof MessageQueue.Retry.DeadLettered dead) {
                LOG.error("job {}: attempt {} failed ({}); message {} moved to the dead letters", valid.key(),
                        dead.attempts(), reason, claim.id());
            } else {
                LOG.info("job {}: attempt failed ({}) but the lease was lost; the new holder decides", valid.key(), reason);
            }
        });
    }

    private void abandon(String why) throws InterruptedException {
        closeRequest();
        LOG.warn("job {}: message {} abandoned: {}", valid.key(), claim.id(), why);
        stage = Stage.OVER;
    }

    private void closeRequest() throws InterruptedException {
        if (!requestOpen) {
            return;
        }
        requestOpen = false;
        try {
            context.manager().delete(valid.job().jobId());
        } catch (RunnerRequests.Unavailable | RunnerRequests.Refused e) {
            LOG.info("job {}: runner request not closed ({}); it lapses by itself", valid.key(), e.getMessage());
        }
    }

    /** A rate limit says when calls resume; other failures just back off. */
    private Duration retryAfter(GitHubException e) {
        if (e instanceof GitHubException.RateLimited limited) {
            Duration wait = Duration.between(context.clock().instant(), limited.until());
            return wait.isNegative() ? Duration.ZERO : wait;
        }
        return Duration.ZERO;
    }
}
