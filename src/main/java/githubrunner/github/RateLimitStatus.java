package githubrunner.github;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the client knows about its GitHub API budgets, from the {@code x-ratelimit-*} headers of the
 * responses it has seen (or from {@code GET /rate_limit}).
 *
 * @param budgets last known state per resource ({@code core}, {@code actions_runner_registration}, ...)
 * @param secondaryLimitUntil set while a secondary limit holds every call back
 * @param at when this snapshot was taken (client clock)
 */
public record RateLimitStatus(Map<String, Budget> budgets, Optional<Instant> secondaryLimitUntil, Instant at) {
    public RateLimitStatus {
        budgets = Collections.unmodifiableMap(new TreeMap<>(budgets));
    }

    /**
     * @param reset when GitHub refills the budget
     * @param blockedUntil set while the client refuses calls against this budget
     */
    public record Budget(long limit, long remaining, Instant reset, Optional<Instant> blockedUntil) {}

    /** The budget most calls use. */
    public Optional<Budget> core() {
        return Optional.ofNullable(budgets.get(Exchange.DEFAULT_RESOURCE));
    }

    /**
     * Until when ordinary calls (core budget or a secondary limit) are held back, if they are:
     * the state a status line should show as "rate limited until ...".
     */
    public Optional<Instant> limitedUntil() {
        Instant core = core().flatMap(Budget::blockedUntil).orElse(null);
        Instant secondary = secondaryLimitUntil.orElse(null);
        Instant until = core == null ? secondary : secondary == null ? core : (core.isAfter(secondary) ? core : secondary);
        return Optional.ofNullable(until).filter(at::isBefore);
    }
}
