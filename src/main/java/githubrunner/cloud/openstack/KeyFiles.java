package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The VMs' private SSH keys, one {@code <name>.key} per VM, mode 0400, in a directory only the
 * manager reads. A file's modification time is when it was written by the injected clock, so
 * the orphan check can compare ages without reading the real time.
 */
final class KeyFiles {
    static final String SUFFIX = ".key";

    /** A key file of ours and when it was written. */
    record KeyFile(InstanceName name, Path path, Instant writtenAt) {}

    private final Path directory;
    private final String prefix;

    KeyFiles(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    Path path(InstanceName name) {
        return directory.resolve(name.value() + SUFFIX);
    }

    /** Writes the key (replacing a stale file of the same name) and makes it read-only for the owner. */
    Path write(InstanceName name, Secret privateKey, Instant now, String operation) throws KeyStorageException {
        Path file = path(name);
        try {
            if (!Files.isDirectory(directory)) {
                SecureFiles.createOwnerOnlyDirectory(directory);
            }
            Files.deleteIfExists(file);
            SecureFiles.writeOwnerOnly(file, privateKey.reveal());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            Files.setLastModifiedTime(file, FileTime.from(now));
            return file;
        } catch (IOException e) {
            throw new KeyStorageException(operation, 0, e.getClass().getSimpleName() + " on " + file, e);
        }
    }

    /** True if a file was removed. */
    boolean delete(InstanceName name, String operation) throws KeyStorageException {
        try {
            return Files.deleteIfExists(path(name));
        } catch (IOException e) {
            throw new KeyStorageException(operation, 0, e.getClass().getSimpleName() + " on " + path(name), e);
        }
    }

    Optional<Instant> writtenAt(InstanceName name) {
        try {
            return Optional.of(Files.getLastModifiedTime(path(name)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Key files of this unit (strict name parse); other files are not ours to touch. */
    List<KeyFile> list(String operation) throws KeyStorageException {
        List<KeyFile> result = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                Optional<InstanceName> parsed = InstanceName.parse(name, prefix);
                if (parsed.isEmpty()) {
                    continue;
                }
                try {
                    result.add(new KeyFile(parsed.get(), file, Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new KeyStorageException(operation, 0, e.getClass().getSimpleName() + " on " + directory, e);
        }
        return result;
    }
}
