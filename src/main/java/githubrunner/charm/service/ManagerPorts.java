package githubrunner.charm.service;

import githubrunner.charm.UnitFiles;
import githubrunner.common.HostPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The manager's HTTP port: 55555 + unit number, or the next free one, persisted per unit so that
 * several units and applications share a machine. Allocation holds a machine-wide lock, since
 * units of other applications run their hooks under the same machine lock but may race at install.
 */
public final class ManagerPorts {
    static final int BASE_PORT = 55555;
    static final int SCAN = 100;

    private final HostPaths host;

    public ManagerPorts(HostPaths host) {
        this.host = host;
    }

    /** The unit's persisted port, allocating one on first use. */
    public int allocate(UnitFiles files, int unitNumber) throws IOException {
        Path root = host.resolve(UnitFiles.STATE_ROOT);
        Files.createDirectories(root);
        Path portFile = files.httpPort();
        try (FileChannel lock = FileChannel.open(root.resolve("port-alloc.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lock.lock()) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            Set<Integer> taken = persistedPorts(root);
            for (int port = BASE_PORT + unitNumber; port <= BASE_PORT + unitNumber + SCAN && port < 65536; port++) {
                if (!taken.contains(port) && canBind(port)) {
                    Files.createDirectories(portFile.getParent());
                    Files.writeString(portFile, Integer.toString(port));
                    return port;
                }
            }
            throw new IOException("no free port for the runner manager between " + (BASE_PORT + unitNumber)
                    + " and " + (BASE_PORT + unitNumber + SCAN) + " on 127.0.0.1");
        }
    }

    private static Set<Integer> persistedPorts(Path root) throws IOException {
        Set<Integer> ports = new HashSet<>();
        try (var units = Files.list(root)) {
            for (Path unit : units.filter(Files::isDirectory).toList()) {
                Path file = unit.resolve("http_port");
                if (Files.exists(file)) {
                    try {
                        ports.add(Integer.parseInt(Files.readString(file).strip()));
                    } catch (NumberFormatException ignored) {
                        // a damaged file reserves nothing
                    }
                }
            }
        }
        return ports;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
