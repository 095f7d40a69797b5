package githubrunner.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What was pulled from one VM: the raw content of each file that was there and small enough,
 * and for the others why not. Contents are untrusted bytes; {@link VmMetrics} parses them.
 */
public final class PulledFiles {
    /** Why a file has no content. */
    public enum Missing { ABSENT, TOO_LARGE, UNREADABLE }

    private final Map<MetricsFile, byte[]> contents = new EnumMap<>(MetricsFile.class);
    private final Map<MetricsFile, Missing> missing = new EnumMap<>(MetricsFile.class);
    private final String failure;

    private PulledFiles(String failure) {
        this.failure = failure;
    }

    /** Nothing could be pulled (no connection, authentication refused, wrong host key, timeout). */
    public static PulledFiles failed(String why) {
        return new PulledFiles(why);
    }

    public static PulledFiles connected() {
        return new PulledFiles(null);
    }

    public PulledFiles with(MetricsFile file, byte[] content) {
        contents.put(file, content.clone());
        missing.remove(file);
        return this;
    }

    public PulledFiles without(MetricsFile file, Missing why) {
        contents.remove(file);
        missing.put(file, why);
        return this;
    }

    public Optional<byte[]> content(MetricsFile file) {
        return Optional.ofNullable(contents.get(file)).map(byte[]::clone);
    }

    public Optional<Missing> missing(MetricsFile file) {
        return Optional.ofNullable(missing.get(file));
    }

    /** Why the VM could not be read at all, if it could not. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean any() {
        return !contents.isEmpty();
    }

    @Override
    public String toString() {
        return failure != null ? "failed: " + failure : "files " + contents.keySet() + ", missing " + missing;
    }
}
