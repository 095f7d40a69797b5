package githubrunner.sim.juju;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/** The emulator's JSON state file (0600: it holds every secret), read and written under an exclusive lock. */
public final class StateStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final java.util.concurrent.ConcurrentMap<Path, Object> MONITORS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;

    public StateStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public JujuState read() {
        return update(state -> state, false);
    }

    /** Applies {@code change} to the state and saves it, holding the lock throughout. */
    public <T> T update(Function<JujuState, T> change) {
        return update(change, true);
    }

    private <T> T update(Function<JujuState, T> change, boolean write) {
        // A file lock excludes other processes only; threads of this JVM queue on the monitor
        // first (locking a file twice in one JVM throws OverlappingFileLockException).
        synchronized (monitorFor(file)) {
            return updateLocked(change, write);
        }
    }

    private static Object monitorFor(Path file) {
        return MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), key -> new Object());
    }

    private <T> T updateLocked(Function<JujuState, T> change, boolean write) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(PrivateFiles.file(lock), StandardOpenOption.WRITE)) {
            channel.lock();   // held until the channel closes
            JujuState state = Files.exists(file) ? JSON.readValue(file.toFile(), JujuState.class) : new JujuState();
            T result = change.apply(state);
            if (write) {
                PrivateFiles.write(file, JSON.writeValueAsBytes(state));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot access the Juju emulator state " + file, e);
        }
    }
}
