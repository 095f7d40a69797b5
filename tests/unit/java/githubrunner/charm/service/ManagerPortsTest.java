package githubrunner.charm.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import githubrunner.charm.UnitFiles;
import githubrunner.charm.UnitIdentity;
import githubrunner.common.HostPaths;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerPortsTest {
    @TempDir Path root;

    UnitFiles unit(String name) {
        return new UnitFiles(HostPaths.under(root), UnitIdentity.parse(name));
    }

    @Test
    void basePortPlusUnitNumberPersistedAcrossCalls() throws Exception {
        ManagerPorts ports = new ManagerPorts(HostPaths.under(root));
        int port = ports.allocate(unit("github-runner/7"), 7);
        assertEquals(port, ports.allocate(unit("github-runner/7"), 7), "a unit keeps its port");
        assertEquals(Integer.toString(port), Files.readString(unit("github-runner/7").httpPort()));
    }

    @Test
    void skipsPortsOtherUnitsPersistedAndPortsInUse() throws Exception {
        ManagerPorts ports = new ManagerPorts(HostPaths.under(root));
        int first = ports.allocate(unit("small/3"), 3);
        // Another application's unit 3 wants the same base port: it gets the next free one.
        int second = ports.allocate(unit("large/3"), 3);
        assertNotEquals(first, second);
        // The port the next allocation would take, held by "something else" (the first free one
        // after the second: other processes on a shared machine may hold some already).
        try (ServerSocket busy = bindFirstFreeFrom(second + 1)) {
            int third = ports.allocate(unit("medium/3"), 3);
            assertNotEquals(busy.getLocalPort(), third, "a port something else listens on is skipped");
            assertNotEquals(first, third);
            assertNotEquals(second, third);
        }
    }

    private static ServerSocket bindFirstFreeFrom(int port) throws Exception {
        for (int candidate = port; candidate < port + 50; candidate++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return socket;
            } catch (java.io.IOException inUse) {
                socket.close();
            }
        }
        throw new IllegalStateException("no free port from " + port);
    }
}
