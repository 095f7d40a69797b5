package githubrunner.manager;

import githubrunner.common.InstanceName;
import java.time.Instant;
import java.util.List;

/**
 * Runners wanted beyond the base pool: the reactive jobs waiting for a runner. Without MongoDB
 * there are none.
 */
@FunctionalInterface
public interface DemandSource {
    DemandSource NONE = (now, fleet) -> 0;

    /**
     * Jobs waiting at {@code now} for a runner that is not busy yet: a job whose runner took a job
     * (in {@code fleet}) no longer waits, even before its consumer has seen it picked up.
     */
    int demand(Instant now, Fleet fleet);

    /** Runners just created for the demand: each goes to a waiting job, the oldest (lowest GitHub job id) first. */
    default void created(List<InstanceName> runners) {
    }
}
