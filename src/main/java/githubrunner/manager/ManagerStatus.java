package githubrunner.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the manager knows about itself, published for {@code /status}: the last reconcile, the
 * runner counts it saw, and the current problem, if any. Written by the reconciler, read by the
 * HTTP API, so each update swaps one immutable snapshot.
 */
public final class ManagerStatus {
    /** Runners by state, from the last look at OpenStack and GitHub. */
    public record Counts(int idle, int busy, int starting, int offline, int expected, int vms) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** @param outcome "ok" or "failed"; {@code error} says why it failed */
    public record Reconcile(String kind, Instant at, Duration duration, String outcome, String error) {}

    public record Snapshot(Instant startedAt, Reconcile lastReconcile, Counts counts, Problem problem) {
        /** The Juju status and message the charm shows: the problem if there is one, else the counts. */
        public String[] juju() {
            if (problem != null) {
                return new String[] {problem.kind().jujuStatus(), problem.summary()};
            }
            if (lastReconcile == null) {
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
            return new String[] {"active", message.toString()};
        }
    }

    private final AtomicReference<Snapshot> current;

    public ManagerStatus(Instant startedAt) {
        current = new AtomicReference<>(new Snapshot(startedAt, null, Counts.NONE, null));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    public void reconciled(Reconcile reconcile, Counts counts) {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), reconcile, counts, s.problem()));
    }

    /** Sets the current problem; a problem of the same kind keeps its original "since". */
    public void problem(Problem problem) {
        current.updateAndGet(s -> {
            Problem kept = s.problem() != null && s.problem().kind() == problem.kind()
                    ? new Problem(problem.kind(), problem.message(), s.problem().since(), problem.until())
                    : problem;
            return new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), kept);
        });
    }

    public void clearProblem() {
        current.updateAndGet(s -> new Snapshot(s.startedAt(), s.lastReconcile(), s.counts(), null));
    }
}
