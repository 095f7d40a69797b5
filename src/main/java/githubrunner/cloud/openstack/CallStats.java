package githubrunner.cloud.openstack;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of OpenStack calls per operation (e.g. {@code servers.list}): HTTP attempts, retries
 * and failed attempts by {@link ErrorKind}. Thread-safe; read with {@link #snapshot()}.
 */
public final class CallStats {
    /** The counters of one operation at one moment. */
    public record OperationStats(long calls, long retries, Map<ErrorKind, Long> errors) {
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder retries = new LongAdder();
        final Map<ErrorKind, LongAdder> errors = new ConcurrentHashMap<>();
    }

    private final Map<String, Counters> operations = new ConcurrentHashMap<>();

    void called(String operation) {
        counters(operation).calls.increment();
    }

    void retried(String operation) {
        counters(operation).retries.increment();
    }

    void failed(String operation, ErrorKind kind) {
        counters(operation).errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public Map<String, OperationStats> snapshot() {
        Map<String, OperationStats> result = new TreeMap<>();
        operations.forEach((name, c) -> {
            Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
            c.errors.forEach((kind, count) -> errors.put(kind, count.sum()));
            result.put(name, new OperationStats(c.calls.sum(), c.retries.sum(), Map.copyOf(errors)));
        });
        return result;
    }

    /** Attempts of one operation so far (0 if never called). */
    public long calls(String operation) {
        Counters c = operations.get(operation);
        return c == null ? 0 : c.calls.sum();
    }

    public long totalCalls() {
        return operations.values().stream().mapToLong(c -> c.calls.sum()).sum();
    }

    private Counters counters(String operation) {
        return operations.computeIfAbsent(operation, k -> new Counters());
    }
}
