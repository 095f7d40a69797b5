package githubrunner.reactive;

import githubrunner.github.RateLimitStatus;
import java.time.Duration;

/**
 * When to look at a waiting job again, within the GitHub budget the consumers share with the
 * manager (one token, 5,000 calls an hour for a PAT): quickly at first (a pool runner may take the
 * job at once), then every {@code max}; and when a quarter or less of the core budget is left,
 * five times slower, so waiting jobs cannot starve the manager's runner listing.
 */
final class PollPace {
    static final double LOW_BUDGET = 0.25;
    static final int LOW_BUDGET_STRETCH = 5;

    private final Duration min;
    private final Duration max;

    PollPace(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The wait after {@code checks} checks of this job. */
    Duration next(int checks, RateLimitStatus budget) {
        double grown = min.toMillis() * Math.pow(1.5, Math.min(checks, 40));
        Duration wait = grown >= max.toMillis() ? max : Duration.ofMillis((long) grown);
        boolean low = budget != null && budget.core()
                .filter(core -> core.limit() > 0 && core.remaining() < core.limit() * LOW_BUDGET).isPresent();
        return low ? max.multipliedBy(LOW_BUDGET_STRETCH) : wait;
    }
}
