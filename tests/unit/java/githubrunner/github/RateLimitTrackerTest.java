package githubrunner.github;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTrackerTest {
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final RateLimitTracker tracker = new RateLimitTracker(clock);

    @Test
    void aSpentBudgetStopsItsCallsUntilReset() {
        Instant reset = START.plusSeconds(1200);
        tracker.observe(CallKind.LIST_RUNNERS, response(200, "core", 0, reset, ""));

        GitHubException.RateLimited refused = assertThrows(GitHubException.RateLimited.class,
                () -> tracker.checkOpen(CallKind.DELETE_RUNNER));
        assertEquals(reset, refused.until());
        assertEquals("core", refused.resource());
        assertEquals(Optional.of(reset), tracker.status().limitedUntil());

        clock.set(reset);
        assertDoesNotThrow(() -> tracker.checkOpen(CallKind.DELETE_RUNNER));
        assertEquals(Optional.empty(), tracker.status().limitedUntil());
    }

    @Test
    void budgetsArePerResource() {
        tracker.observe(CallKind.GENERATE_JIT_CONFIG,
                response(201, "actions_runner_registration", 0, START.plusSeconds(600), ""));

        assertThrows(GitHubException.RateLimited.class, () -> tracker.checkOpen(CallKind.GENERATE_JIT_CONFIG));
        assertDoesNotThrow(() -> tracker.checkOpen(CallKind.LIST_RUNNERS));
        assertEquals(Optional.empty(), tracker.status().limitedUntil(), "core calls are not held back");
    }

    @Test
    void anExhaustedAnswerWaitsForTheReset() {
        Instant reset = START.plusSeconds(900);
        Exchange exhausted = response(403, "core", 0, reset, "API rate limit exceeded for user ID 1.");

        assertTrue(RateLimitTracker.isRateLimited(exhausted));
        GitHubException.RateLimited limited = tracker.limitHit(CallKind.LIST_RUNNERS, "GET /x", exhausted);
        assertEquals(reset, limited.until());
        assertFalse(limited.isSecondary());
        assertThrows(GitHubException.RateLimited.class, () -> tracker.checkOpen(CallKind.LIST_RUNNERS));
    }

    @Test
    void retryAfterIsASecondaryLimitForEveryCall() {
        Exchange secondary = headers(403, Map.of("retry-after", "30", "x-ratelimit-remaining", "4000"),
                "You have exceeded a secondary rate limit.");

        GitHubException.RateLimited limited = tracker.limitHit(CallKind.GENERATE_JIT_CONFIG, "POST /x", secondary);
        assertTrue(limited.isSecondary());
        assertEquals(START.plusSeconds(30), limited.until());
        assertThrows(GitHubException.RateLimited.class, () -> tracker.checkOpen(CallKind.GET_JOB));
        assertThrows(GitHubException.RateLimited.class, () -> tracker.checkOpen(CallKind.GET_RATE_LIMIT));
        clock.advance(Duration.ofSeconds(30));
        assertDoesNotThrow(() -> tracker.checkOpen(CallKind.GET_JOB));
    }

    @Test
    void withoutRetryAfterASecondaryLimitWaitsAMinute() {
        Exchange tooMany = headers(429, Map.of(), "");

        assertTrue(RateLimitTracker.isRateLimited(tooMany));
        assertEquals(START.plus(RateLimitTracker.SECONDARY_DEFAULT),
                tracker.limitHit(CallKind.LIST_RUNNERS, "GET /x", tooMany).until());
    }

    @Test
    void aResetInThePastStillBacksOff() {
        Exchange skewed = response(403, "core", 0, START.minusSeconds(30), "API rate limit exceeded");

        assertEquals(START.plus(RateLimitTracker.MINIMUM_BACKOFF),
                tracker.limitHit(CallKind.LIST_RUNNERS, "GET /x", skewed).until());
    }

    @Test
    void aPlainForbiddenIsNotARateLimit() {
        assertFalse(RateLimitTracker.isRateLimited(
                response(403, "core", 4000, START.plusSeconds(60), "Resource not accessible by integration")));
        assertFalse(RateLimitTracker.isRateLimited(headers(404, Map.of("retry-after", "5"), "Not Found")));
    }

    @Test
    void rateLimitCallsAreFreeAgainstPrimaryBudgets() {
        tracker.observe(CallKind.LIST_RUNNERS, response(200, "core", 0, START.plusSeconds(60), ""));

        assertDoesNotThrow(() -> tracker.checkOpen(CallKind.GET_RATE_LIMIT));
    }

    @Test
    void reportsWhatItLearnt() {
        tracker.observe(CallKind.LIST_RUNNERS, response(200, "core", 4321, START.plusSeconds(60), ""));

        RateLimitStatus.Budget core = tracker.status().core().orElseThrow();
        assertEquals(5000, core.limit());
        assertEquals(4321, core.remaining());
        assertEquals(START.plusSeconds(60), core.reset());
        assertNull(core.blockedUntil().orElse(null));
    }

    @Test
    void aNotModifiedAnswerTellsTheBudgetWithoutBeingALimit() {
        Instant reset = START.plusSeconds(1800);
        tracker.observe(CallKind.LIST_RUNNERS, response(200, "core", 120, reset, ""));
        Exchange notModified = response(304, "core", 120, reset, "");

        assertFalse(RateLimitTracker.isRateLimited(notModified));
        tracker.observe(CallKind.LIST_RUNNERS, notModified);
        assertEquals(120, tracker.status().core().orElseThrow().remaining(), "GitHub did not charge it, and says so");
        assertDoesNotThrow(() -> tracker.checkOpen(CallKind.LIST_RUNNERS));

        // A 304 saying the budget is spent (by other calls) stops calls like any answer would.
        tracker.observe(CallKind.LIST_RUNNERS, response(304, "core", 0, reset, ""));
        assertThrows(GitHubException.RateLimited.class, () -> tracker.checkOpen(CallKind.LIST_RUNNERS));
    }

    private static Exchange response(int status, String resource, long remaining, Instant reset, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", "5000");
        headers.put("x-ratelimit-remaining", String.valueOf(remaining));
        headers.put("x-ratelimit-reset", String.valueOf(reset.getEpochSecond()));
        headers.put("x-ratelimit-resource", resource);
        return headers(status, headers, message);
    }

    private static Exchange headers(int status, Map<String, String> headers, String message) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        return Exchange.of(status, all, body);
    }
}
