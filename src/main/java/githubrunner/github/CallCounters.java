package githubrunner.github;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link GitHubStats}. */
final class CallCounters {
    private static final long UNKNOWN = -1;

    private final Map<CallKind, Counter> counters = new EnumMap<>(CallKind.class);

    private static final class Counter {
        final LongAdder calls = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder notModified = new LongAdder();
        final LongAdder retries = new LongAdder();
        final Map<GitHubException.Kind, LongAdder> errors = new EnumMap<>(GitHubException.Kind.class);
        final AtomicLong lastRemaining = new AtomicLong(UNKNOWN);

        Counter() {
            for (GitHubException.Kind kind : GitHubException.Kind.values()) {
                errors.put(kind, new LongAdder());
            }
        }
    }

    CallCounters() {
        for (CallKind kind : CallKind.values()) {
            counters.put(kind, new Counter());
        }
    }

    void call(CallKind kind) {
        counters.get(kind).calls.increment();
    }

    /** A request answered with this status. */
    void request(CallKind kind, int status, OptionalLong remaining) {
        Counter counter = counters.get(kind);
        counter.requests.increment();
        if (status == 304) {
            counter.notModified.increment();
        } else if (status >= 200 && status < 300) {
            counter.ok.increment();
        }
        remaining.ifPresent(counter.lastRemaining::set);
    }

    void retry(CallKind kind) {
        counters.get(kind).retries.increment();
    }

    void error(CallKind kind, GitHubException.Kind error) {
        counters.get(kind).errors.get(error).increment();
    }

    GitHubStats snapshot() {
        Map<CallKind, GitHubStats.CallStats> stats = new EnumMap<>(CallKind.class);
        counters.forEach((kind, counter) -> {
            Map<GitHubException.Kind, Long> errors = new EnumMap<>(GitHubException.Kind.class);
            counter.errors.forEach((error, adder) -> {
                long count = adder.sum();
                if (count > 0) {
                    errors.put(error, count);
                }
            });
            long remaining = counter.lastRemaining.get();
            stats.put(kind, new GitHubStats.CallStats(counter.calls.sum(), counter.requests.sum(), errors,
                    remaining == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(remaining), counter.ok.sum(),
                    counter.notModified.sum(), counter.retries.sum()));
        });
        return new GitHubStats(stats);
    }
}
