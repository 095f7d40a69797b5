package githubrunner.sim.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir Path dir;

    @Test
    void threadsOfOneProcessShareTheStoreSafely() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            writers.add(pool.submit(() -> store.update(state -> state.state.put("k" + n, "v"))));
            writers.add(pool.submit(store::read));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        assertEquals(200, store.read().state.size(), "no update lost, no OverlappingFileLockException");
    }

    @Test
    void theStateHoldsSecretsSoOnlyItsOwnerCanReadIt() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        store.update(state -> state.secrets.put("secret:x", new JujuState.SecretEntry()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json.lock"))));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("state.json", "state.json.lock"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary copy left behind");
        }
    }
}
