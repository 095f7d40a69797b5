package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.common.InstanceName;
import githubrunner.contract.ManagerApi.FlushReport;
import githubrunner.contract.ManagerApi.RunnerReport;
import githubrunner.github.GitHubException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the unit's runners at the expected count (see {@link Plan}) and carries out the
 * operations the charm asks for (flush, drain).
 *
 * <p>Every cycle looks at the fleet (one OpenStack listing, one paged GitHub listing whose
 * unchanged pages cost nothing), removes dead runners and creates what is missing, so a runner
 * that took a job is replaced within seconds ({@link CheckPacing}). A full reconcile, every
 * {@code reconcile-interval} minutes, also ensures the security group (alongside the look),
 * removes orphan keypairs and the runners of retired targets (after the creations) and writes
 * the reconciliation event.
 *
 * <p>Failures are scoped: a failing listing delays the next look, failing creations pause
 * creation, a failing removal is retried by the next cycle; each with its own {@link Backoff},
 * short while failures are transient, long only when they persist. One lock serialises cycles,
 * flushes and drains.
 */
public final class Reconciler implements ManagerOperations, AutoCloseable {
    /**
     * @param base runners kept ready
     * @param max cap on all runners, 0 for none
     * @param checkFloor the shortest time between checks
     * @param surplusGrace how long an idle runner beyond the expected count is kept (reactive: it may serve the next job)
     * @param flushLimit how long a flush or drain keeps retrying until nothing it should remove is left
     */
    public record Settings(int base, int max, Duration reconcileInterval, Duration checkFloor, Duration surplusGrace,
                           Duration flushLimit) {}

    /** Share of a new listing's charged pages in the running average that paces the checks. */
    private static final double CHARGED_WEIGHT = 0.3;
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** Waits; the manager's is Thread.sleep, in-process tests advance their clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    private final Settings settings;
    private final RunnerManager runners;
    private final DemandSource demand;
    private final RetiredTargets retired;
    private final ManagerStatus status;
    private final ManagerMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CheckPacing pacing;
    private final ReconcileLoop loop;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Backoff listing = new Backoff(Duration.ofSeconds(2), 3, Duration.ofSeconds(15), Duration.ofMinutes(5));
    private final Backoff creation = new Backoff(Duration.ofSeconds(2), 3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    private volatile ManagerStatus.Drain drain;
    private Instant nextFull;
    private double chargedPerCheck = 1;
    private Problem creationProblem;
    private Problem choreProblem;

    public Reconciler(Settings settings, RunnerManager runners, DemandSource demand, RetiredTargets retired,
                      ManagerStatus status, ManagerMetrics metrics, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.runners = runners;
        this.demand = demand;
        this.retired = retired;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pacing = new CheckPacing(settings.checkFloor());
        this.loop = new ReconcileLoop(this::cycle, clock, settings.checkFloor());
        this.nextFull = clock.instant();
    }

    public void start() {
        loop.start();
    }

    /** Starts the next cycle now (new demand, after a flush). */
    public void wakeUp() {
        loop.wake();
    }

    /** One cycle; returns when the next should start. */
    Instant cycle() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return loop.isStopping() ? clock.instant() : cycleLocked();
        } finally {
            lock.unlock();
        }
    }

    private Instant cycleLocked() {
        Instant start = clock.instant();
        liftExpiredDrain(start);
        if (!listing.allows(start)) {
            return listing.until();
        }
        boolean full = !start.isBefore(nextFull);
        String kind = full ? "full" : "check";
        // The security group must be in place before anything is created; its check overlaps the look.
        Future<Problem> groupCheck = full ? runners.alongside(() -> ensureSecurityGroup(start)) : null;
        Fleet fleet;
        try {
            fleet = runners.look();
        } catch (GitHubException | CloudException e) {
            outcome(groupCheck);
            return lookFailed(kind, start, e);
        }
        Problem groupProblem = outcome(groupCheck);
        listing.succeeded();
        // Never below a fifth of a page: a quiet fleet still changes now and then.
        chargedPerCheck = Math.max(0.2, (1 - CHARGED_WEIGHT) * chargedPerCheck
                + CHARGED_WEIGHT * runners.github().lastListingCharged());

        int wanted = demand.demand(start, fleet);
        boolean mayCreate = drain == null && creation.allows(start);
        Plan plan = Plan.of(fleet, settings.base(), wanted, settings.max(), mayCreate, settings.surplusGrace(), start);
        Problem problem = null;
        Set<InstanceName> removed = new HashSet<>();

        RunnerManager.Removed cleaned = runners.remove(plan.cleanup(), false);
        metrics.cleaned(plan.cleanup(), cleaned);
        removed.addAll(cleaned.runners());
        problem = worstOf(problem, cleaned.failures(), start);

        int creatable = Plan.withinMax(plan.create(), settings.max(), fleet.countsAfter(removed, 0, 0).vms());
        int created = creatable > 0 ? createRunners(creatable, start) : 0;
        if (plan.missing() > 0 && drain == null) {
            LOG.info("{}: {} runner(s) missing; creation paused until {} after {} failed attempt(s)", kind,
                    plan.missing(), creation.until(), creation.failures());
        }
        if (!plan.scaleDown().isEmpty()) {
            RunnerManager.Removed scaled = runners.remove(plan.scaleDown(), false);
            metrics.scaledDown(scaled);
            removed.addAll(scaled.runners());
            problem = worstOf(problem, scaled.failures(), start);
            LOG.info("{}: {} runner(s) above the {} expected; removed {}, {} busy kept", kind, plan.scaleDown().size(),
                    plan.expected(), scaled.runners().size(), scaled.keptBusy().size());
        }
        if (full) {
            choreProblem = Problems.worst(groupProblem, cleanupChores(start));
        }
        problem = Problems.worst(Problems.worst(problem, creationProblem), choreProblem);

        ManagerStatus.Counts counts = fleet.countsAfter(removed, created, plan.expected());
        Duration duration = Duration.between(start, clock.instant());
        status.looked(new ManagerStatus.Reconcile(kind, start, duration, problem == null ? "ok" : "degraded",
                problem == null ? null : problem.message()), counts, wanted);
        if (problem == null) {
            status.clearProblem();
        } else {
            status.problem(problem);
        }
        metrics.cycle(kind, duration, true);
        metrics.counts(counts);
        if (full) {
            metrics.reconciliationEvent(counts, duration);
            nextFull = start.plus(settings.reconcileInterval());
        }
        Instant next = start.plus(pacing.next(runners.github().rateLimit().core(), chargedPerCheck, clock.instant()));
        boolean stillMissing = fleet.alive() + created < plan.expected();
        if (stillMissing && drain == null && creation.until().isAfter(start) && creation.until().isBefore(next)) {
            next = creation.until();
        }
        return next;
    }

    private Instant lookFailed(String kind, Instant start, Exception e) {
        Problem failure = Problems.of(e, start);
        Instant retry = listing.failed(start, failure.isPersistent(), failure.until());
        LOG.warn("{}: cannot list runners ({} failure(s) in a row, next try at {}): {}", kind, listing.failures(), retry,
                e.getMessage());
        status.problem(Problems.worst(failure, creationProblem));
        status.lookFailed(new ManagerStatus.Reconcile(kind, start, Duration.between(start, clock.instant()), "failed",
                failure.message()));
        metrics.cycle(kind, Duration.between(start, clock.instant()), false);
        return retry;
    }

    private Problem ensureSecurityGroup(Instant now) {
        try {
            runners.cloud().ensureSecurityGroup();
            return null;
        } catch (CloudException e) {
            LOG.warn("full reconcile: {}", e.getMessage());
            return Problems.of(e, now);
        }
    }

    /**
     * Orphan keypairs and the runners of retired targets, once per full reconcile, after the
     * creations so they never delay a runner; a failure is reported, not fatal.
     */
    private Problem cleanupChores(Instant now) {
        if (retired.count() > 0) {
            retired.clean(false);
        }
        try {
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

    /** What a chore run alongside the look found; null if it found nothing wrong (or the manager is stopping). */
    private static Problem outcome(Future<Problem> chore) {
        if (chore == null) {
            return null;
        }
        try {
            return chore.get();
        } catch (InterruptedException e) {
            chore.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Creates runners; when every one fails, creation pauses (briefly for a transient failure,
     * growing while failures persist). A partial failure pauses nothing: the next cycle retries.
     */
    private int createRunners(int count, Instant now) {
        RunnerManager.Created created = runners.create(count);
        metrics.created(created);
        demand.created(created.runners());
        if (created.failures().isEmpty()) {
            creation.succeeded();
            creationProblem = null;
            return created.runners().size();
        }
        Problem worst = worstOf(null, created.failures(), now);
        creationProblem = worst;
        if (created.runners().isEmpty()) {
            creation.failed(now, worst.isPersistent(), worst.until());
        } else {
            creation.succeeded();
        }
        return created.runners().size();
    }

    private static Problem worstOf(Problem current, List<Exception> failures, Instant now) {
        Problem worst = current;
        for (Exception failure : failures) {
            worst = Problems.worst(worst, Problems.of(failure, now));
        }
        return worst;
    }

    private void liftExpiredDrain(Instant now) {
        ManagerStatus.Drain current = drain;
        if (current != null && !now.isBefore(current.until())) {
            LOG.warn("the drain asked at {} ({}) lapsed with no restart after it; creating runners again", current.at(),
                    current.reason());
            drain = null;
            status.drain(null);
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
            return removeAll(busy, "flush");
        } finally {
            wakeUp();
        }
    }

    @Override
    public FlushReport drain(boolean busy, String reason, Duration duration)
            throws InterruptedException, CloudException, GitHubException {
        Instant now = clock.instant();
        ManagerStatus.Drain asked = new ManagerStatus.Drain(reason, now, now.plus(duration));
        drain = asked;
        status.drain(asked);
        LOG.info("draining ({}): no runner is created until {} or a restart", reason, asked.until());
        FlushReport report = removeAll(busy, "drain");
        if (!busy) {
            return report;
        }
        // A busy drain ends the unit's use of its clouds: with nothing being created any more, every
        // keypair and key file without a server goes, whatever its age (one left by a create whose
        // answer was lost and whose lookup failed, for instance).
        lock.lockInterruptibly();
        try {
            int left = retired.count() > 0 ? retired.clean(true) : 0;
            removeOrphanKeys(clock.instant().plus(settings.flushLimit()));
            return new FlushReport(report.flushed(), report.runners(), report.remaining() + left);
        } finally {
            lock.unlock();
        }
    }

    /** Every orphan keypair of the unit, retried until {@code deadline}; a failure is logged, not thrown. */
    private void removeOrphanKeys(Instant deadline) throws InterruptedException {
        Backoff retries = new Backoff(Duration.ofSeconds(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(10));
        while (true) {
            try {
                int removed = runners.cloud().cleanupAllOrphanKeypairs();
                if (removed > 0) {
                    LOG.info("drain: removed {} keypair(s) or key file(s) without a server", removed);
                }
                return;
            } catch (CloudException e) {
                Instant retry = retries.failed(clock.instant(), false, null);
                if (retry.isAfter(deadline)) {
                    LOG.warn("drain: keypairs without a server may be left: {}", e.getMessage());
                    return;
                }
                LOG.warn("drain: cannot remove keypairs without a server yet, retrying: {}", e.getMessage());
                sleepUntil(retry);
            }
        }
    }

    /**
     * Removes the idle runners (all with {@code busy}) and the dead, and looks again until none of
     * them is left: a removal that failed, or a creation whose answer was lost and which landed
     * late, is retried until {@link Settings#flushLimit()} has passed.
     */
    private FlushReport removeAll(boolean busy, String what) throws InterruptedException, CloudException, GitHubException {
        lock.lockInterruptibly();
        try {
            Instant deadline = clock.instant().plus(settings.flushLimit());
            Set<String> names = new LinkedHashSet<>();
            Backoff retries = new Backoff(Duration.ofSeconds(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(10));
            int remaining;
            while (true) {
                Fleet fleet;
                try {
                    fleet = runners.look();
                } catch (CloudException | GitHubException e) {
                    Instant retry = retries.failed(clock.instant(), false, null);
                    if (retry.isAfter(deadline)) {
                        throw e;
                    }
                    LOG.warn("{}: cannot list runners, retrying: {}", what, e.getMessage());
                    sleepUntil(retry);
                    continue;
                }
                List<Runner> targets = new ArrayList<>(fleet.flushCandidates(busy));
                targets.addAll(fleet.dead());
                if (targets.isEmpty()) {
                    remaining = 0;
                    break;
                }
                RunnerManager.Removed removed = runners.remove(targets, busy);
                metrics.flushed(busy, removed);
                removed.runners().forEach(name -> names.add(name.value()));
                remaining = targets.size() - removed.runners().size();
                boolean onlyBusyLeft = removed.failures().isEmpty() && removed.keptBusy().size() == remaining;
                if (onlyBusyLeft || clock.instant().isAfter(deadline)) {
                    break;
                }
                if (!removed.failures().isEmpty()) {
                    sleepUntil(retries.failed(clock.instant(), false, null));
                }
            }
            LOG.info("{} ({}): removed {} runner(s), {} left", what, busy ? "busy too" : "idle", names.size(), remaining);
            return new FlushReport(names.size(), List.copyOf(names), remaining);
        } finally {
            lock.unlock();
        }
    }

    private void sleepUntil(Instant when) throws InterruptedException {
        Duration pause = Duration.between(clock.instant(), when);
        if (!pause.isNegative() && !pause.isZero()) {
            sleeper.sleep(pause);
        }
    }

    /** Stops the loop after the current step (waiting for it up to a minute). */
    @Override
    public void close() {
        loop.close();
    }
}
