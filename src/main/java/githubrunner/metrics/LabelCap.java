package githubrunner.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the values one label takes. Some come from the VMs (repository and event names a job
 * wrote), and every distinct value is a new series in Prometheus: past the cap, new values
 * become {@code other}.
 */
final class LabelCap {
    static final String OTHER = "other";
    private final int cap;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    LabelCap(int cap) {
        this.cap = cap;
    }

    String of(String value) {
        if (seen.contains(value)) {
            return value;
        }
        synchronized (this) {
            if (seen.size() < cap) {
                seen.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
