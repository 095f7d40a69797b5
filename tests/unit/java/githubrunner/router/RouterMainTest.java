package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterMainTest {
    @TempDir Path dir;

    @Test
    void aConfigOthersCanReadIsRefusedBeforeItIsRead() throws Exception {
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, "version: 1\nwebhook-secret: s\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(1, RouterMain.run(new String[] {"--config", config.toString()}));
        assertEquals("readable by every user", RouterMain.exposure(config));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals("readable by its group", RouterMain.exposure(config));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        assertEquals(null, RouterMain.exposure(config));
    }

    @Test
    void usageErrorsExit2() throws Exception {
        assertEquals(2, RouterMain.run(new String[] {}));
        assertEquals(2, RouterMain.run(new String[] {"--bogus"}));
        assertEquals(2, RouterMain.run(new String[] {"redeliver", "--config", "x", "--since", "10"}));
        assertEquals(2, RouterMain.run(new String[] {"--config"}));
    }
}
