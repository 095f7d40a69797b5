package githubrunner.manager;

import githubrunner.github.RateLimitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How soon to look at the fleet again. Every check lists the runners, ⌈N/100⌉ pages; pages that
 * did not change since the last listing are answered 304 Not Modified, which GitHub does not
 * charge. So checks come every {@code floor} (a few seconds) while the budget lasts, and are
 * spread out only as far as needed for the pages that do cost to take at most a share of the
 * budget left until its reset. Other units sharing the token drain the budget too, and slow
 * every unit down.
 */
final class CheckPacing {
    /** Share of the GitHub budget left that the checks may spend. */
    static final double LISTING_BUDGET_SHARE = 0.3;

    private final Duration floor;

    CheckPacing(Duration floor) {
        this.floor = floor;
    }

    Duration floor() {
        return floor;
    }

    /**
     * @param chargedPerCheck pages a check is expected to be charged for (recent average; at least a fraction of one)
     */
    Duration next(Optional<RateLimitStatus.Budget> budget, double chargedPerCheck, Instant now) {
        if (budget.isEmpty()) {
            return floor;
        }
        long untilReset = Math.max(1, Duration.between(now, budget.get().reset()).toMillis());
        long remaining = budget.get().remaining();
        long paced = remaining <= 0 ? untilReset
                : (long) Math.ceil(untilReset * chargedPerCheck / (LISTING_BUDGET_SHARE * remaining));
        return Duration.ofMillis(Math.max(floor.toMillis(), Math.min(paced, untilReset + 1000)));
    }
}
