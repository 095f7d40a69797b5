package githubrunner.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
    @TempDir Path dir;

    @Test
    void writesOwnerOnlyAndReplacesAtomically() throws Exception {
        Path file = dir.resolve("sub/config.yaml");
        SecureFiles.writeOwnerOnly(file, "one");
        SecureFiles.writeOwnerOnly(file, "two");
        assertEquals("two", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void hostPathsPrefixTheSandboxRoot() {
        HostPaths host = HostPaths.under(dir);
        assertEquals(dir.resolve("var/lib/x"), host.resolve("/var/lib/x"));
        assertEquals(Path.of("/var/lib/x"), HostPaths.real().resolve("/var/lib/x"));
        assertEquals(Path.of("/etc/y"), HostPaths.fromEnvironment(java.util.Map.of()).resolve("/etc/y"));
    }
}
