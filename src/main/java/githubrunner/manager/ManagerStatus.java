package githubrunner.manager;

import githubrunner.contract.ManagerApi;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the manager knows about itself, published for {@code /status}: the last cycle, the runner
 * counts of the last successful look (and when that was), the current problem, a drain in force.
 * Written by the reconciler, read by the HTTP API, so each update swaps one immutable snapshot.
 */
public final class ManagerStatus {
    /** Counts older than this are shown with their age. */
    static final Duration STALE_COUNTS = Duration.ofMinutes(2);

    /** Runners by state, from a look at OpenStack and GitHub. */
    public record Counts(int idle, int busy, int starting, int offline, int expected, int vms) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** @param outcome "ok", "degraded" or "failed"; {@code error} says why */
    public record Reconcile(String kind, Instant at, Duration duration, String outcome, String error) {}

    /** No runner is created until {@code until} (or until the manager restarts), for {@code reason}. */
    public record Drain(String reason, Instant at, Instant until) {}

    /**
     * @param counts from the last successful look, {@code countsAt}; NONE before the first
     * @param failedCycles consecutive cycles that could not look at the fleet
     * @param demand reactive jobs waiting for a runner, at the last cycle
     * @param queue the reactive side (the queue, the consumers), null without MongoDB
     */
    public record Snapshot(Instant startedAt, Reconcile lastReconcile, Counts counts, Instant countsAt, Problem problem,
                           Drain drain, int failedCycles, int demand, ManagerApi.Queue queue) {
        /** The Juju status and message the charm shows, most urgent first. */
        public String[] juju() {
            return juju(lastReconcile == null ? startedAt : lastReconcile.at());
        }

        /** As {@link #juju()}, with the counts' age measured at {@code now}. */
        public String[] juju(Instant now) {
            if (drain != null) {
                return new String[] {"maintenance", "Draining runners (" + drain.reason() + "): no new runners"};
            }
            if (problem != null) {
                return new String[] {problem.kind().jujuStatus(), problem.summary()};
            }
            if (countsAt == null) {
                return new String[] {"maintenance", "Runner manager starting"};
            }
            StringBuilder message = new StringBuilder()
                    .append(counts.idle()).append(" idle, ").append(counts.busy()).append(" busy");
            if (counts.starting() > 0) {
                message.append(", ").append(counts.starting()).append(" starting");
            }
            if (counts.offline() > 0) {
                message.append(", ").append(counts.offline()).append(" offline");
            }
            message.append(", ").append(counts.expected()).append(" expected");
            long queued = queue != null && queue.queued() >= 0 ? queue.queued() : demand;
            if (queued > 0) {
                message.append(", ").append(queued).append(" queued");
            }
            Duration age = Duration.between(countsAt, now);
            if (age.compareTo(STALE_COUNTS) > 0) {
                message.append(" (as of ").append(age.toMinutes()).append(" min ago)");
            }
            if (queue != null && queue.problem() != null) {
                // the base pool keeps working: its counts stay in view
                return new String[] {"waiting", queue.problem() + "; " + message};
            }
            return new String[] {"active", message.toString()};
        }
    }

    private final AtomicReference<Snapshot> current;

    public ManagerStatus(Instant startedAt) {
        current = new AtomicReference<>(new Snapshot(startedAt, null, Counts.NONE, null, null, null, 0, 0, null));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    /** A cycle that looked at the fleet: its counts are the current ones. */
    public void looked(Reconcile reconcile, Counts counts, int demand) {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), reconcile, counts, reconcile.at(), s.problem(), s.drain(),
                0, demand, s.queue()));
    }

    /** A cycle that could not look at the fleet: the counts stay those of the last look. */
    public void lookFailed(Reconcile reconcile) {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), reconcile, s.counts(), s.countsAt(), s.problem(), s.drain(),
                s.failedCycles() + 1, s.demand(), s.queue()));
    }

    /** Sets the current problem; a problem of the same kind keeps its original "since". */
    public void problem(Problem problem) {
        current.updateAndGet(s -> {
            Problem kept = s.problem() != null && s.problem().kind() == problem.kind()
                    ? new Problem(problem.kind(), problem.message(), s.problem().since(), problem.until())
                    : problem;
            return new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), s.countsAt(), kept, s.drain(),
                    s.failedCycles(), s.demand(), s.queue());
        });
    }

    public void clearProblem() {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), s.countsAt(), null, s.drain(),
                s.failedCycles(), s.demand(), s.queue()));
    }

    public void drain(Drain drain) {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), s.countsAt(), s.problem(), drain,
                s.failedCycles(), s.demand(), s.queue()));
    }

    /** The reactive side's latest reading (queue depth, consumers, a problem), or null when reactive mode is off. */
    public void queue(ManagerApi.Queue queue) {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), s.countsAt(), s.problem(),
                s.drain(), s.failedCycles(), s.demand(), queue));
    }
}
