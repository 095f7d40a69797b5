package githubrunner.manager;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Failures queued per operation name, thrown by the fakes one call at a time. */
final class Faults {
    private final Map<String, Deque<Supplier<? extends Exception>>> queued = new HashMap<>();
    private final Map<String, Supplier<? extends Exception>> always = new HashMap<>();

    synchronized void next(String operation, int times, Supplier<? extends Exception> failure) {
        for (int i = 0; i < times; i++) {
            queued.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(failure);
        }
    }

    synchronized void always(String operation, Supplier<? extends Exception> failure) {
        always.put(operation, failure);
    }

    synchronized void clear(String operation) {
        always.remove(operation);
        queued.remove(operation);
    }

    synchronized <E extends Exception> void check(String operation, Class<E> type) throws E {
        Deque<Supplier<? extends Exception>> failures = queued.get(operation);
        Supplier<? extends Exception> failure = failures != null && !failures.isEmpty() ? failures.poll() : always.get(operation);
        if (failure != null) {
            throw type.cast(failure.get());
        }
    }
}
