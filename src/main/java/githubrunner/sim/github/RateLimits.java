package githubrunner.sim.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Primary rate-limit budgets, per caller and resource, in fixed windows: the first request opens a
 * window of the configured length; when its budget is used up, requests are refused until the
 * window's reset time (from the emulator's clock, so a test can jump past it).
 */
final class RateLimits {
    static final String CORE = "core";
    /** GitHub counts JIT and registration-token requests against their own budget. */
    static final String RUNNER_REGISTRATION = "actions_runner_registration";

    private final Clock clock;
    private final Map<String, Limit> limits = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private int exhaustedStatus = 403;

    private record Limit(long limit, Duration window) {}

    private static final class Window {
        Instant reset;
        long used;
    }

    /** One request's view of its budget. */
    record Usage(String resource, long limit, long used, Instant reset, boolean refused) {
        long remaining() {
            return Math.max(0, limit - used);
        }

        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-ratelimit-limit", String.valueOf(limit));
            headers.put("x-ratelimit-remaining", String.valueOf(remaining()));
            headers.put("x-ratelimit-used", String.valueOf(used));
            headers.put("x-ratelimit-reset", String.valueOf(reset.getEpochSecond()));
            headers.put("x-ratelimit-resource", resource);
            return headers;
        }
    }

    RateLimits(Clock clock) {
        this.clock = clock;
        limits.put(CORE, new Limit(5000, Duration.ofHours(1)));
        limits.put(RUNNER_REGISTRATION, new Limit(10000, Duration.ofHours(1)));
    }

    synchronized void configure(String resource, long limit, Duration window) {
        if (limit < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("invalid rate limit");
        }
        limits.put(resource, new Limit(limit, window));
        windows.keySet().removeIf(key -> key.endsWith("|" + resource));
    }

    /** 403 (GitHub's usual answer) or 429 once a budget is spent. */
    synchronized void setExhaustedStatus(int status) {
        exhaustedStatus = status;
    }

    synchronized int exhaustedStatus() {
        return exhaustedStatus;
    }

    /** Counts one request; {@code refused} once the window's budget is spent. */
    synchronized Usage consume(String caller, String resource) {
        Window window = window(caller, resource);
        Limit limit = limitOf(resource);
        if (window.used >= limit.limit()) {
            return new Usage(resource, limit.limit(), window.used, window.reset, true);
        }
        window.used++;
        return new Usage(resource, limit.limit(), window.used, window.reset, false);
    }

    /**
     * Takes back a request counted by {@link #consume} that GitHub does not charge (a 304), if its
     * window is still current; returns the budget as it then stands.
     */
    synchronized Usage refund(String caller, Usage charged) {
        Window window = window(caller, charged.resource());
        if (window.reset.equals(charged.reset()) && window.used > 0 && !charged.refused()) {
            window.used--;
        }
        return new Usage(charged.resource(), limitOf(charged.resource()).limit(), window.used, window.reset, false);
    }

    /** The budget as it stands, without counting a request ({@code GET /rate_limit}, errors). */
    synchronized Usage peek(String caller, String resource) {
        Window window = window(caller, resource);
        return new Usage(resource, limitOf(resource).limit(), window.used, window.reset, false);
    }

    private Window window(String caller, String resource) {
        Instant now = clock.instant();
        Window window = windows.computeIfAbsent(caller + "|" + resource, key -> new Window());
        if (window.reset == null || !now.isBefore(window.reset)) {
            // x-ratelimit-reset is in whole seconds: round the window's end up to one.
            Instant end = now.plus(limitOf(resource).window());
            window.reset = end.getNano() == 0 ? end : Instant.ofEpochSecond(end.getEpochSecond() + 1);
            window.used = 0;
        }
        return window;
    }

    private Limit limitOf(String resource) {
        return limits.getOrDefault(resource, limits.get(CORE));
    }
}
