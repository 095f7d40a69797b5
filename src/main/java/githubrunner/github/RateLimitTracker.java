package githubrunner.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps the client inside GitHub's rate limits: learns each budget from response headers, and
 * once a budget is spent (or a secondary limit hits) refuses calls locally until GitHub's reset or
 * retry time, so the manager gets {@link GitHubException.RateLimited} at once instead of spending
 * requests that GitHub would refuse (persisting can get an integration banned).
 *
 * <p>Budgets are per resource: JIT registration is counted against its own
 * ({@code actions_runner_registration}), so exhausting it must not stop listing runners. A call
 * kind's resource is learnt from the {@code x-ratelimit-resource} header of its responses.
 */
final class RateLimitTracker {
    /** Least wait after a limit, so a skewed clock cannot turn a reset in the past into a hammering loop. */
    static final Duration MINIMUM_BACKOFF = Duration.ofSeconds(5);
    /** GitHub's advice for a secondary limit without retry-after: wait at least a minute. */
    static final Duration SECONDARY_DEFAULT = Duration.ofSeconds(60);

    private final Clock clock;
    private final Map<String, RateLimitStatus.Budget> budgets = new HashMap<>();
    private final Map<String, Instant> blocked = new HashMap<>();
    private final Map<CallKind, String> resources = new EnumMap<>(CallKind.class);
    private Instant secondaryUntil;

    RateLimitTracker(Clock clock) {
        this.clock = clock;
    }

    /** Refuses the call if its budget is spent or a secondary limit holds. */
    synchronized void checkOpen(CallKind kind) throws GitHubException.RateLimited {
        Instant now = clock.instant();
        if (secondaryUntil != null && now.isBefore(secondaryUntil)) {
            throw new GitHubException.RateLimited("GitHub secondary rate limit, " + kind + " not sent",
                    secondaryUntil, null);
        }
        if (kind == CallKind.GET_RATE_LIMIT) {
            return; // GET /rate_limit is free against every primary budget
        }
        String resource = resourceOf(kind);
        Instant until = blocked.get(resource);
        if (until != null && now.isBefore(until)) {
            throw new GitHubException.RateLimited("GitHub '" + resource + "' rate limit spent, " + kind + " not sent",
                    until, resource);
        }
    }

    /** Notes the budget headers of any response (success or error). */
    synchronized void observe(CallKind kind, Exchange exchange) {
        String resource = exchange.resource();
        resources.put(kind, resource);
        OptionalLong remaining = exchange.remaining();
        OptionalLong reset = exchange.longHeader("x-ratelimit-reset");
        if (remaining.isEmpty() || reset.isEmpty()) {
            return;
        }
        Instant resetAt = Instant.ofEpochSecond(reset.getAsLong());
        long limit = exchange.longHeader("x-ratelimit-limit").orElse(-1);
        budgets.put(resource, new RateLimitStatus.Budget(limit, remaining.getAsLong(), resetAt, Optional.empty()));
        Instant now = clock.instant();
        if (remaining.getAsLong() == 0 && resetAt.isAfter(now)) {
            // Spent: any further call would be refused, so do not make it.
            blocked.merge(resource, resetAt, RateLimitTracker::later);
        } else if (remaining.getAsLong() > 0) {
            blocked.remove(resource);
        }
    }

    /**
     * Whether an error response is GitHub saying "rate limited": 429, or 403 with a remaining budget of
     * 0, a {@code retry-after} or {@code gh-limited-by} header, or a rate-limit message.
     */
    static boolean isRateLimited(Exchange exchange) {
        int status = exchange.status();
        if (status == 429) {
            return true;
        }
        return status == 403 && (exchange.remaining().equals(OptionalLong.of(0))
                || exchange.header("retry-after").isPresent()
                || exchange.header("gh-limited-by").isPresent()
                || exchange.message().toLowerCase(java.util.Locale.ROOT).contains("rate limit"));
    }

    /**
     * Records a rate-limit error and says until when calls stop, following GitHub's guidance:
     * {@code retry-after} if present (secondary limit, every call waits); else the reset time if the
     * budget is 0 (that resource waits); else at least a minute (secondary).
     */
    synchronized GitHubException.RateLimited limitHit(CallKind kind, String what, Exchange exchange) {
        Instant now = clock.instant();
        Optional<Instant> retryAfter = exchange.header("retry-after").flatMap(value -> RetryAfter.parse(value, now));
        if (retryAfter.isPresent()) {
            Instant until = later(retryAfter.get(), now.plus(Duration.ofSeconds(1)));
            secondaryUntil = later(secondaryUntil, until);
            return new GitHubException.RateLimited("GitHub secondary rate limit on " + what, secondaryUntil, null);
        }
        if (exchange.remaining().equals(OptionalLong.of(0))) {
            String resource = exchange.resource();
            resources.put(kind, resource);
            Instant reset = exchange.longHeader("x-ratelimit-reset").stream()
                    .mapToObj(Instant::ofEpochSecond).findFirst().orElse(now.plus(SECONDARY_DEFAULT));
            Instant until = blocked.merge(resource, later(reset, now.plus(MINIMUM_BACKOFF)), RateLimitTracker::later);
            return new GitHubException.RateLimited("GitHub '" + resource + "' rate limit spent on " + what, until,
                    resource);
        }
        secondaryUntil = later(secondaryUntil, now.plus(SECONDARY_DEFAULT));
        return new GitHubException.RateLimited("GitHub secondary rate limit on " + what, secondaryUntil, null);
    }

    synchronized RateLimitStatus status() {
        Instant now = clock.instant();
        Map<String, RateLimitStatus.Budget> view = new HashMap<>();
        budgets.forEach((resource, budget) -> view.put(resource, new RateLimitStatus.Budget(budget.limit(),
                budget.remaining(), budget.reset(), Optional.ofNullable(blocked.get(resource)).filter(now::isBefore))));
        blocked.forEach((resource, until) -> {
            if (now.isBefore(until) && !view.containsKey(resource)) {
                view.put(resource, new RateLimitStatus.Budget(-1, 0, until, Optional.of(until)));
            }
        });
        return new RateLimitStatus(view, Optional.ofNullable(secondaryUntil).filter(now::isBefore), now);
    }

    /** Budgets read from {@code GET /rate_limit}, which is authoritative at the time of the call. */
    synchronized void replaceBudgets(Map<String, RateLimitStatus.Budget> fresh) {
        Instant now = clock.instant();
        fresh.forEach((resource, budget) -> {
            budgets.put(resource, budget);
            if (budget.remaining() == 0 && budget.reset().isAfter(now)) {
                blocked.merge(resource, budget.reset(), RateLimitTracker::later);
            } else if (budget.remaining() > 0) {
                blocked.remove(resource);
            }
        });
    }

    private String resourceOf(CallKind kind) {
        return resources.getOrDefault(kind, Exchange.DEFAULT_RESOURCE);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
