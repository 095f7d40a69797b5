package githubrunner.github;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A snapshot of the client's counters, per kind of operation (for the metrics endpoint).
 *
 * @param calls per kind; every kind is present
 */
public record GitHubStats(Map<CallKind, CallStats> calls) {
    public GitHubStats {
        calls = Collections.unmodifiableMap(enumMap(CallKind.class, calls));
    }

    /** Nothing called yet: every kind with zero counts. */
    public static GitHubStats none() {
        Map<CallKind, CallStats> calls = new EnumMap<>(CallKind.class);
        for (CallKind kind : CallKind.values()) {
            calls.put(kind, new CallStats(0, 0, Map.of(), OptionalLong.empty(), 0, 0, 0));
        }
        return new GitHubStats(calls);
    }

    /** EnumMap's copy constructor refuses an empty map that is not an EnumMap. */
    private static <K extends Enum<K>, V> Map<K, V> enumMap(Class<K> type, Map<K, V> map) {
        Map<K, V> copy = new EnumMap<>(type);
        copy.putAll(map);
        return copy;
    }

    /**
     * @param calls operations started (one {@code listRunners()} is one call, however many pages)
     * @param requests HTTP requests answered (pages, retries, retries with a refreshed token)
     * @param errors failed operations by type; an operation refused locally while rate limited
     *     counts as {@link GitHubException.Kind#RATE_LIMITED} without a request
     * @param lastRemaining {@code x-ratelimit-remaining} of the last response, if any carried it
     * @param ok requests answered with a 2xx status (200, 201, 204): each charged against its budget
     * @param notModified requests answered {@code 304 Not Modified}: a conditional listing whose page
     *     had not changed; GitHub does not charge these
     * @param retries requests sent again after a transient failure (5xx, timeout, broken connection),
     *     within the client's retry budget; each counted in {@code requests} too if it got an answer
     */
    public record CallStats(long calls, long requests, Map<GitHubException.Kind, Long> errors,
                            OptionalLong lastRemaining, long ok, long notModified, long retries) {
        public CallStats {
            errors = Collections.unmodifiableMap(enumMap(GitHubException.Kind.class, errors));
        }

        public long errors(GitHubException.Kind kind) {
            return errors.getOrDefault(kind, 0L);
        }

        public long totalErrors() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public CallStats of(CallKind kind) {
        return calls.get(kind);
    }
}
