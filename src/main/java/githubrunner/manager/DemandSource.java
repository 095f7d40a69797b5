package githubrunner.manager;

import java.time.Instant;

/**
 * Runners wanted beyond the base pool: the reactive jobs waiting for a runner. Without MongoDB
 * there are none.
 */
@FunctionalInterface
public interface DemandSource {
    DemandSource NONE = now -> 0;

    /** Jobs waiting for a runner at {@code now}. */
    int demand(Instant now);
}
