package githubrunner.sim.openstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of one emulated VM that its SSH endpoint serves, by absolute path: what the runner
 * agent (or a test) wrote there. {@link #readDelay} makes every read slow, as a loaded VM would.
 */
public final class VmFiles {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private volatile Duration readDelay = Duration.ZERO;

    public VmFiles write(String path, byte[] content) {
        files.put(path, content.clone());
        return this;
    }

    public VmFiles write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes only if the file is not there yet (as {@code [ -f F ] || ...} does). */
    public VmFiles writeIfAbsent(String path, String content) {
        files.putIfAbsent(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public VmFiles delete(String path) {
        files.remove(path);
        return this;
    }

    public Optional<byte[]> read(String path) {
        return Optional.ofNullable(files.get(path)).map(byte[]::clone);
    }

    public VmFiles readDelay(Duration delay) {
        readDelay = delay;
        return this;
    }

    Duration readDelay() {
        return readDelay;
    }
}
