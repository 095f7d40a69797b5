package githubrunner.sim.github;

import githubrunner.sim.http.RequestMatch;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A fault to inject: for requests whose method and path match, with the given probability (drawn
 * from the emulator's seeded random source), and at most {@code times} times (negative: no limit).
 *
 * @param method HTTP method, or {@code *} for any
 * @param pathRegex matched against the whole path (no query), e.g. {@code /repos/.+/actions/runners}
 */
public record FaultRule(String method, String pathRegex, double probability, Action action, int times) {
    /** What happens to a matching request. */
    public sealed interface Action {}

    /** Answer with this status, body and headers instead of the real answer. */
    public record Respond(int status, String body, Map<String, String> headers) implements Action {
        public Respond {
            headers = Map.copyOf(headers);
        }
    }

    /** Wait, then answer normally. */
    public record Delay(Duration delay) implements Action {}

    /** Close the connection without answering; the request is not handled. */
    public record Drop() implements Action {}

    /**
     * Handle the request (it takes effect and is charged, and is logged with its status), then close
     * the connection without answering: the client cannot tell whether it happened.
     */
    public record LoseAnswer() implements Action {}

    public FaultRule {
        RequestMatch.of(method, pathRegex); // fails early on a bad method or regex
        Objects.requireNonNull(action, "action");
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]");
        }
    }

    /** An error status with a GitHub-style JSON message. */
    public static FaultRule status(String method, String pathRegex, int status) {
        String body = Json.error(status, status >= 500 ? "Server Error" : "Fault injected").toString();
        return new FaultRule(method, pathRegex, 1, new Respond(status, body, Map.of("content-type", "application/json")), -1);
    }

    /** Any status and raw body, e.g. malformed JSON with 200. */
    public static FaultRule respond(String method, String pathRegex, int status, String body) {
        return new FaultRule(method, pathRegex, 1, new Respond(status, body, Map.of("content-type", "application/json")),
                -1);
    }

    /** GitHub's secondary rate limit: 403 or 429, its message, and {@code retry-after}. */
    public static FaultRule secondaryLimit(String method, String pathRegex, int status, long retryAfterSeconds) {
        String body = Json.error(status, "You have exceeded a secondary rate limit. Please wait a few minutes before "
                + "you try again. If you reach out to GitHub Support for help, please include the request ID.").toString();
        return new FaultRule(method, pathRegex, 1, new Respond(status, body, Map.of(
                "content-type", "application/json", "retry-after", String.valueOf(retryAfterSeconds))), -1);
    }

    public static FaultRule delay(String method, String pathRegex, Duration delay) {
        return new FaultRule(method, pathRegex, 1, new Delay(delay), -1);
    }

    public static FaultRule drop(String method, String pathRegex) {
        return new FaultRule(method, pathRegex, 1, new Drop(), -1);
    }

    public static FaultRule loseAnswer(String method, String pathRegex) {
        return new FaultRule(method, pathRegex, 1, new LoseAnswer(), -1);
    }

    public FaultRule withProbability(double newProbability) {
        return new FaultRule(method, pathRegex, newProbability, action, times);
    }

    public FaultRule times(int count) {
        return new FaultRule(method, pathRegex, probability, action, count);
    }
}
