package githubrunner.manager.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import githubrunner.charm.ApiToken;
import githubrunner.charm.ManagerClient;
import githubrunner.charm.UnitFiles;
import githubrunner.charm.UnitIdentity;
import githubrunner.common.HostPaths;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.manager.Emulators;
import githubrunner.manager.ManagerProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's local API as an attacker on the same machine meets it: the real manager process,
 * its unit directory laid out by the charm's own code (0700 directory, 0600 files, the token the
 * charm made), and clients that are another user, or slow, or hostile.
 */
class LocalApiIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Every route that changes or reveals something; /reactive/jobs is where the lead's routes go. */
    static final List<String> CLOSED = List.of("POST /runner/flush?flush-busy=true", "POST /runner/drain?flush-busy=true",
            "POST /runner/flush", "GET /runner/check", "GET /status", "GET /status/juju", "PUT /reactive/jobs/1",
            "DELETE /reactive/jobs/1", "GET /reactive/jobs");

    @TempDir Path root;
    Emulators emulators;
    ManagerProcess manager;
    UnitFiles files;

    @BeforeEach
    void startManager() throws Exception {
        // Like /var/lib on a real machine: anyone may walk down to the unit's own 0700 directory.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path dir : List.of(root.resolve("var"), root.resolve("var/lib"), root.resolve("var/lib/github-runner-manager"))) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        files = new UnitFiles(HostPaths.fromEnvironment(Map.of(HostPaths.ROOT_VARIABLE, root.toString())),
                UnitIdentity.parse("github-runner/0"));
        Secret token = ApiToken.ensure(files);
        emulators = new Emulators();
        ManagerConfig config = emulators.config("github-runner", 0, 2, ManagerProcess.freePort()).withApiToken(token);
        Files.writeString(files.httpPort(), Integer.toString(config.httpPort()));
        manager = ManagerProcess.start(root, config);
        manager.await("2 runners", WAIT, () -> emulators.openstack.servers().size() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void anotherLocalUserCanNeitherCallTheApiNorReadTheToken() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to act as nobody");
        String token = ApiToken.read(files).reveal();
        int port = manager.port();
        // The client works as nobody: the open routes answer it.
        assertEquals("HTTP/1.1 204 No Content", asNobody(port, "GET /health", ""));
        assertTrue(asNobody(port, "GET /metrics", "").startsWith("HTTP/1.1 200"));

        List<String> attempts = new ArrayList<>();
        for (String route : CLOSED) {
            for (String authorization : List.of("", "Authorization: Bearer\r\n", "Authorization: Bearer guess\r\n",
                    "Authorization: Bearer " + token.substring(0, 42) + "A\r\n", "Authorization: Basic bm9ib2R5Og==\r\n",
                    "Authorization: Bearer " + "A".repeat(50_000) + "\r\n")) {
                String status = asNobody(port, route, authorization);
                attempts.add(route + " [" + authorization.strip() + "] -> " + status);
                assertTrue(status.matches("HTTP/1\\.1 (4\\d\\d) .*"), route + " as nobody answered " + status);
            }
        }
        // Nor can nobody read what would let it in.
        for (Path secret : List.of(files.apiToken(), files.managerConfig())) {
            Process cat = nobody("cat", secret.toString()).redirectErrorStream(true).start();
            String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, cat.waitFor(), "nobody read " + secret);
            assertFalse(out.contains(token), "nobody read " + secret);
            assertTrue(out.contains("Permission denied"), out);
        }
        assertEquals(2, emulators.openstack.servers().size(), "no runner flushed: " + attempts);
        var check = new ManagerClient(port, Secret.of(token)).checkRunners();
        assertEquals(2, check.online() + check.offline() + check.unknown(), "the token opens the same routes");
        assertFalse(manager.logText().contains(token), "the token is never logged");
    }

    @Test
    void slowAndHostileClientsNeverBlockTheCharm() throws Exception {
        ManagerClient charm = ManagerClient.forUnit(files);
        List<Socket> hostile = new ArrayList<>();
        try (RawHttp.SlowClients slow = new RawHttp.SlowClients(manager.port(), 50)) {
            hostile.add(RawHttp.connect(manager.port()));                       // connects, says nothing
            Socket garbage = RawHttp.connect(manager.port());
            garbage.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x01});   // a TLS hello
            hostile.add(garbage);
            Socket noBody = RawHttp.connect(manager.port());
            noBody.getOutputStream().write(("POST /runner/flush HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + ApiToken.read(files).reveal() + "\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            hostile.add(noBody);
            for (int round = 0; round < 5; round++) {
                assertEquals(50, slow.trickle(), "the slow clients are still connected");
                assertTrue(charm.isHealthy(), "health answers within the charm's 2 s");
                assertEquals("active", charm.jujuStatus().status());
                assertDoesNotThrow(charm::checkRunners, "runner details for the charm");
                Thread.sleep(1000);   // the slowloris pace: a byte a second on each connection
            }
            RawHttp.Reply huge = RawHttp.send(manager.port(), "GET /health HTTP/1.1\r\nX: " + "y".repeat(100_000) + "\r\n\r\n");
            assertEquals(431, huge.status());
            // Their deadline passes: the server closes them, a byte a second notwithstanding.
            manager.await("the slow connections closed", WAIT, () -> {
                slow.trickle();
                return slow.closedByServer() == 50;
            });
        } finally {
            for (Socket socket : hostile) {
                socket.close();
            }
        }
        assertEquals(2, emulators.openstack.servers().size(), "the body-less flush never ran");
        assertTrue(charm.isHealthy());
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        return id.waitFor() == 0 && uid.equals("0");
    }

    private static ProcessBuilder nobody(String... command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all", "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).directory(Path.of("/").toFile());
    }

    /** One request from bash's /dev/tcp as user nobody; returns the status line. */
    private static String asNobody(int port, String route, String headers) throws IOException, InterruptedException {
        String request = route + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: 0\r\n\r\n";
        ProcessBuilder builder = nobody("bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf '%s' \"$REQUEST\" >&3 && head -n 1 <&3");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("REQUEST", request);
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), "the nobody client failed: " + out);
        return out;
    }
}
