package githubrunner.sim.juju;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only the owner may read: the emulator's state holds every secret of the unit (tokens,
 * clouds.yaml passwords), so its directory is 0700 and its files 0600 from the moment they exist.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /** Creates the directory (and parents) if needed and makes it 0700. */
    static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Creates an empty 0600 file if it does not exist, and makes an existing one 0600. */
    static Path file(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return file;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it first: tighten it below
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Replaces {@code file} atomically with {@code content}, never readable by others on the way. */
    static void write(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.write(file(temp), content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
