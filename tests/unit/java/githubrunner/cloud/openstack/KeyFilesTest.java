package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    private final Instant t = Instant.parse("2026-11-22T10:00:00Z");

    private static InstanceName name(String suffix) {
        return InstanceName.parse("u-0-" + suffix, "u-0").orElseThrow();
    }

    @Test
    void aKeyIsWrittenReadOnlyForItsOwnerInAnOwnerOnlyDirectory() throws Exception {
        KeyFiles keys = new KeyFiles(dir.resolve("ssh"), "u-0");
        Path file = keys.write(name("000000000001"), Secret.of("KEY-ONE"), t, "op");

        assertEquals(dir.resolve("ssh/u-0-000000000001.key"), file);
        assertEquals("KEY-ONE", Files.readString(file));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ssh"))));
        assertEquals(t, keys.writtenAt(name("000000000001")).orElseThrow());
    }

    @Test
    void aStaleFileOfTheSameNameIsReplaced() throws Exception {
        KeyFiles keys = new KeyFiles(dir, "u-0");
        keys.write(name("000000000001"), Secret.of("OLD"), t, "op");
        keys.write(name("000000000001"), Secret.of("NEW"), t.plusSeconds(1), "op");
        assertEquals("NEW", Files.readString(keys.path(name("000000000001"))));
    }

    @Test
    void listingKeepsOnlyThisUnitsStrictlyParsedNames() throws Exception {
        KeyFiles keys = new KeyFiles(dir, "u-0");
        keys.write(name("000000000001"), Secret.of("k"), t, "op");
        keys.write(name("n-000000000002"), Secret.of("k"), t, "op");
        for (String other : List.of("u-0-1-000000000003.key", "u-01-000000000004.key", "u-0-000000000005.pem",
                "u-0-XYZ.key", "notes.txt")) {
            Files.writeString(dir.resolve(other), "x");
        }
        List<String> names = keys.list("op").stream().map(k -> k.name().value()).sorted().toList();
        assertEquals(List.of("u-0-000000000001", "u-0-n-000000000002"), names);
    }

    @Test
    void deleteSaysWhetherThereWasAFile() throws Exception {
        KeyFiles keys = new KeyFiles(dir, "u-0");
        keys.write(name("000000000001"), Secret.of("k"), t, "op");
        assertTrue(keys.delete(name("000000000001"), "op"));
        assertFalse(keys.delete(name("000000000001"), "op"));
        assertTrue(new KeyFiles(dir.resolve("absent"), "u-0").list("op").isEmpty());
    }
}
