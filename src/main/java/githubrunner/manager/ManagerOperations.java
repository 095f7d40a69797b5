package githubrunner.manager;

import java.time.Duration;
import java.util.List;

/** What the HTTP API asks of the runner manager. */
public interface ManagerOperations {
    /** Runners as GitHub sees them, without taking the reconcile lock. */
    RunnerReport checkRunners() throws Exception;

    /** Removes idle runners (all, with {@code busy}); waits for the reconcile lock. */
    FlushReport flush(boolean busy) throws Exception;

    /**
     * Creates no runner for {@code duration} (or until the manager restarts), then removes the idle
     * ones (every one with {@code busy}): before the manager is replaced (new settings) or the unit
     * stops. The drain lapses by itself, so one that no restart followed cannot starve the unit.
     */
    FlushReport drain(boolean busy, String reason, Duration duration) throws Exception;

    /**
     * @param online runners online, busy included
     * @param unknown VMs whose runner GitHub does not know (booting, or already finished)
     * @param runners names of the online runners
     */
    record RunnerReport(int online, int busy, int offline, int unknown, List<String> runners, List<String> busyRunners) {}

    /**
     * @param runners names of the runners removed
     * @param remaining runners left that the request asked to remove (busy ones, or failures after retries)
     */
    record FlushReport(int flushed, List<String> runners, int remaining) {}
}
