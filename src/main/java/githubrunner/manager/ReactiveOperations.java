package githubrunner.manager;

import githubrunner.contract.ManagerApi.FlushReport;
import githubrunner.contract.ManagerApi.RunnerReport;
import java.time.Duration;

/**
 * The charm's operations with reactive runners: check-runners adds the queue, and a flush stops
 * the consumers first (their messages go back to the queue, their requests close), so that no
 * runner is asked for while the runners go, and starts them again after.
 */
final class ReactiveOperations implements ManagerOperations {
    private final ManagerOperations runners;
    private final ReactiveMode reactive;

    ReactiveOperations(ManagerOperations runners, ReactiveMode reactive) {
        this.runners = runners;
        this.reactive = reactive;
    }

    @Override
    public RunnerReport checkRunners() throws Exception {
        return runners.checkRunners().withQueue(reactive.queue());
    }

    @Override
    public FlushReport flush(boolean busy) throws Exception {
        reactive.pause();
        try {
            return runners.flush(busy);
        } finally {
            reactive.resume();
        }
    }

    @Override
    public FlushReport drain(boolean busy, String reason, Duration duration)
            throws Exception {
        return runners.drain(busy, reason, duration);
    }
}
