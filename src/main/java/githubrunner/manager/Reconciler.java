package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.github.GitHubException;
import githubrunner.github.RateLimitStatus;
import githubrunner.contract.ManagerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the unit's runners at the desired count: {@code clamp(base-virtual-machines,
 * max-total-virtual-machines)}.
 *
 * <p>Every cycle looks at the fleet (one OpenStack listing, one paged GitHub listing), removes
 * dead runners (finished, broken, timed out, dangling) and creates what is missing, so a finished
 * runner is replaced at the next check, not at the next full reconcile. Checks come every 30 s
 * on a quiet fleet and as often as the GitHub budget allows while runners are busy or starting
 * ({@link #nextCheckIn}). A full reconcile, every {@code reconcile-interval} minutes, also
 * ensures the security group, removes orphan keypairs and writes the reconciliation event.
 *
 * <p>One lock serialises cycles and flushes. Nothing a cycle throws stops the loop: failures
 * become the {@link Problem} shown in juju status, with backoff (until the rate-limit reset, or
 * exponentially for outages and failing creations).
 */
public final class Reconciler implements ManagerOperations, AutoCloseable {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);
    /** The shortest interval between checks while runners are busy or starting. */
    static final Duration ACTIVE_CHECK_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** Share of the GitHub budget left that steady-state checks may spend. */
    static final double LISTING_BUDGET_SHARE = 0.1;
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ManagerConfig config;
    private final RunnerManager runners;
    private final ManagerStatus status;
    private final ManagerMetrics metrics;
    private final Clock clock;
    private final Duration reconcileInterval;
    private final Duration checkInterval;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Object wakeUp = new Object();
    private volatile boolean stopping;
    private volatile boolean wakeRequested;
    private Thread loop;

    private Instant nextFull;
    private int failedCycles;
    private int failedCreations;
    private Instant creationAllowedAt;
    private Problem creationProblem;

    public Reconciler(ManagerConfig config, RunnerManager runners, ManagerStatus status, ManagerMetrics metrics,
                      Clock clock, Duration checkInterval) {
        this.config = config;
        this.runners = runners;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.reconcileInterval = Duration.ofMinutes(config.reconcileIntervalMinutes());
        this.checkInterval = checkInterval;
        this.nextFull = clock.instant();
        this.creationAllowedAt = clock.instant();
    }

    /** The runners the unit should have. */
    int desired() {
        int base = config.runners().baseVirtualMachines();
        int max = config.runners().maxTotalVirtualMachines();
        return max > 0 ? Math.min(base, max) : base;
    }

    public void start() {
        loop = new Thread(this::run, "reconciler");
        loop.start();
    }

    private void run() {
        while (!stopping) {
            Instant next;
            try {
                next = cycle();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("reconcile cycle failed unexpectedly", e);
                next = clock.instant().plus(checkInterval);
            }
            sleepUntil(next);
        }
        LOG.info("reconciler stopped");
    }

    /** One cycle; returns when the next should start. */
    Instant cycle() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (stopping) {
                return clock.instant();
            }
            return cycleLocked();
        } finally {
            lock.unlock();
        }
    }

    private Instant cycleLocked() {
        Instant start = clock.instant();
        boolean full = !start.isBefore(nextFull);
        String kind = full ? "full" : "check";
        Problem problem = null;
        if (full) {
            problem = fullReconcileChores(start);
        }
        Fleet fleet;
        try {
            fleet = runners.look();
        } catch (GitHubException | CloudException e) {
            Problem failure = Problems.of(e, start);
            failedCycles++;
            LOG.warn("{}: cannot list runners: {}", kind, e.getMessage());
            status.problem(Problems.worst(failure, creationProblem));
            status.reconciled(new ManagerStatus.Reconcile(kind, start, Duration.between(start, clock.instant()),
                    "failed", failure.message()), status.snapshot().counts());
            metrics.cycle(kind, Duration.between(start, clock.instant()), false);
            return failure.until() != null ? failure.until().plusSeconds(1) : start.plus(backoff(failedCycles));
        }
        failedCycles = 0;

        RunnerManager.Removed cleaned = runners.remove(fleet.dead(), false);
        metrics.cleaned(fleet.dead(), cleaned);
        for (Exception failure : cleaned.failures()) {
            problem = Problems.worst(problem, Problems.of(failure, start));
        }
        int expected = desired();
        int alive = fleet.alive();
        int created = 0;
        List<Runner> scaledDown = List.of();
        if (alive < expected) {
            created = createRunners(expected - alive, start);
        } else if (alive > expected) {
            scaledDown = fleet.scaleDownCandidates(alive - expected);
            RunnerManager.Removed removed = runners.remove(scaledDown, false);
            metrics.scaledDown(removed);
            LOG.info("{}: {} runner(s) above the {} expected; removed {}, {} busy kept", kind, alive - expected, expected,
                    removed.runners().size(), removed.keptBusy().size());
        }
        problem = Problems.worst(problem, creationProblem);

        ManagerStatus.Counts before = fleet.counts(expected);
        int idleRemoved = (int) scaledDown.stream().filter(r -> r.state() == Runner.State.IDLE).count();
        int startingRemoved = scaledDown.size() - idleRemoved;
        ManagerStatus.Counts counts = new ManagerStatus.Counts(before.idle() - idleRemoved, before.busy(),
                before.starting() - startingRemoved + created, before.offline(), expected, before.vms());
        Duration duration = Duration.between(start, clock.instant());
        status.reconciled(new ManagerStatus.Reconcile(kind, start, duration, problem == null ? "ok" : "degraded",
                problem == null ? null : problem.message()), counts);
        if (problem == null) {
            status.clearProblem();
        } else {
            status.problem(problem);
        }
        metrics.cycle(kind, duration, true);
        metrics.counts(counts);
        if (full) {
            metrics.reconciliationEvent(counts, duration);
            nextFull = start.plus(reconcileInterval);
        }
        if (problem != null && problem.until() != null) {
            return problem.until().plusSeconds(1);
        }
        boolean active = created > 0 || !fleet.inState(Runner.State.BUSY).isEmpty()
                || !fleet.inState(Runner.State.STARTING).isEmpty();
        return start.plus(nextCheckIn(fleet, active));
    }

    /** Security group and orphan keypairs: once per full reconcile; failures are reported, not fatal. */
    private Problem fullReconcileChores(Instant now) {
        try {
            runners.cloud().ensureSecurityGroup();
            int keypairs = runners.cloud().cleanupOrphanKeypairs();
            if (keypairs > 0) {
                LOG.info("removed {} orphan keypair(s)", keypairs);
            }
            return null;
        } catch (CloudException e) {
            LOG.warn("full reconcile: {}", e.getMessage());
            return Problems.of(e, now);
        }
    }

    private int createRunners(int missing, Instant now) {
        if (now.isBefore(creationAllowedAt)) {
            LOG.info("{} runner(s) missing; creation paused until {} after {} failed attempt(s)", missing,
                    creationAllowedAt, failedCreations);
            return 0;
        }
        RunnerManager.Created created = runners.create(missing);
        metrics.created(created);
        if (created.failures().isEmpty()) {
            failedCreations = 0;
            creationProblem = null;
        } else {
            Problem worst = null;
            for (Exception failure : created.failures()) {
                worst = Problems.worst(worst, Problems.of(failure, now));
            }
            creationProblem = worst;
            if (created.runners().isEmpty()) {
                failedCreations++;
                creationAllowedAt = worst.until() != null ? worst.until() : now.plus(backoff(failedCreations));
            }
        }
        return created.runners().size();
    }

    /** One check interval, then twice as long after each further failure, up to 10 minutes. */
    Duration backoff(int failures) {
        long millis = checkInterval.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /**
     * When to look again. A quiet fleet is checked every check interval (30 s). While runners are
     * busy or starting, a job is about to end or a runner to come online, so the fleet is checked
     * as often as the GitHub budget allows: listing ⌈N/100⌉ pages may spend a tenth of the budget
     * left until its reset (7.2 s per page at the start of a 5,000/h hour), never less than 5 s.
     * Other units sharing the token drain the budget too, and slow every unit down.
     */
    Duration nextCheckIn(Fleet fleet, boolean active) {
        Duration floor = active ? min(checkInterval, ACTIVE_CHECK_INTERVAL) : checkInterval;
        var budget = runners.github().rateLimit().core().orElse(null);
        if (budget == null) {
            return floor;
        }
        long pages = Math.max(1, (fleet.runners().size() + 99) / 100);
        long untilReset = Math.max(1, Duration.between(clock.instant(), budget.reset()).toMillis());
        long paced = budget.remaining() <= 0 ? untilReset
                : (long) Math.ceil(untilReset * (double) pages / (LISTING_BUDGET_SHARE * budget.remaining()));
        return Duration.ofMillis(Math.max(floor.toMillis(), Math.min(paced, untilReset + 1000)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
                    return;
                }
            }
            wakeRequested = false;
        }
    }

    /** Starts the next cycle now (after a flush, so that replacements come at once). */
    void wakeUp() {
        synchronized (wakeUp) {
            wakeRequested = true;
            wakeUp.notifyAll();
        }
    }

    // --- operations of the HTTP API --------------------------------------------------------------

    @Override
    public RunnerReport checkRunners() throws CloudException, GitHubException {
        return runners.look().report();
    }

    @Override
    public FlushReport flush(boolean busy) throws InterruptedException, CloudException, GitHubException {
        try {
            return removeAll(busy);
        } finally {
            wakeUp();
        }
    }

    @Override
    public FlushReport drain(boolean busy) throws InterruptedException, CloudException, GitHubException {
        stopLoop();
        LOG.info("draining: no more runners will be created");
        return removeAll(busy);
    }

    private FlushReport removeAll(boolean busy) throws InterruptedException, CloudException, GitHubException {
        lock.lockInterruptibly();
        try {
            Fleet fleet = runners.look();
            List<Runner> targets = new ArrayList<>(fleet.flushCandidates(busy));
            targets.addAll(fleet.dead());
            RunnerManager.Removed removed = runners.remove(targets, busy);
            metrics.flushed(busy, removed);
            List<String> names = removed.runners().stream().map(Object::toString).toList();
            LOG.info("flush ({}): removed {} runner(s), {} busy kept", busy ? "busy too" : "idle", names.size(),
                    removed.keptBusy().size());
            return new FlushReport(names.size(), names);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the loop after the current step (waiting for it up to a minute). */
    @Override
    public void close() {
        stopLoop();
    }

    private void stopLoop() {
        stopping = true;
        wakeUp();
        if (loop != null && loop != Thread.currentThread()) {
            try {
                loop.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
