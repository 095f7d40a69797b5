package githubrunner.sim.juju;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Puts a charm where the unit runs it: a packed .charm unpacked as Juju does, or a directory copied. */
public final class CharmArchive {
    private CharmArchive() {}

    /** Unpacks a .charm, or copies an unpacked charm directory, into {@code target}. */
    static void install(Path charm, Path target) throws IOException {
        if (Files.isDirectory(charm)) {
            copyTree(charm, target);
        } else {
            unpack(charm, target);
        }
    }

    /** Unpacks a .charm like Juju: file modes from the zip, hooks/* made owner-executable. */
    public static void unpack(Path charm, Path target) throws IOException {
        Map<String, Integer> modes = ZipModes.read(charm);
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(charm.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the charm directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                Integer mode = modes.get(entry.getName());
                if (mode != null) {
                    Files.setPosixFilePermissions(out, permissions(mode));
                }
                if (entry.getName().startsWith("hooks/")) {
                    Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(out));
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(out, perms);
                }
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = new HashSet<>();
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path out = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(path, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
