package githubrunner.manager;

import githubrunner.contract.ManagerApi.FlushReport;
import githubrunner.contract.ManagerApi.RunnerReport;
import java.time.Duration;

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
}
