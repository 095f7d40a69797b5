package githubrunner.charm.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.charm.CharmContext;
import githubrunner.charm.HostCommands;
import githubrunner.charm.UnitIdentity;
import githubrunner.charm.config.RouterSettingsFixture;
import githubrunner.common.HostPaths;
import githubrunner.common.SecureFiles;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.contract.RouterConfigFile;
import githubrunner.juju.FakeJujuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hosted router on a unit: its config, unit file, restarts and port, following the options. */
class RouterServiceTest {
    @TempDir Path root;
    FakeJujuBackend juju;
    List<List<String>> calls;
    RouterService service;

    @BeforeEach
    void setUp() {
        juju = new FakeJujuBackend();
        calls = new ArrayList<>();
        HostCommands commands = new HostCommands() {
            @Override
            public Result run(List<String> command) {
                calls.add(command);
                // Not running until restarted once.
                boolean active = command.contains("is-active") && calls.stream().anyMatch(c -> c.contains("restart"));
                return new Result(command.contains("is-active") && !active ? 3 : 0, "");
            }
        };
        service = new RouterService(new CharmContext(juju, Map.of(), UnitIdentity.parse("github-runner/2"),
                root.resolve("charm"), HostPaths.under(root), commands));
    }

    private static ManagerConfig manager(boolean withMongo) {
        return new ManagerConfig(ManagerConfig.VERSION, "github-runner/2", "github-runner", "github-runner-2",
                new ManagerConfig.GitHub("https://api.github.com", ManagerConfig.GitHubPath.repository("o", "r"),
                        ManagerConfig.GitHubAuth.token(Secret.of("ghp_x"))),
                null, null, 5, null, null, null, "INFO", 55557, "/var/log/m.log", null,
                withMongo ? new ManagerConfig.Reactive(Secret.of("mongodb://u:p@db:27017/github-runner-webhook-router"),
                        "github-runner-webhook-router", "github-runner") : null, List.of());
    }

    @Test
    void withMongoDbTheRouterRunsWithAnOwnerOnlyConfigAndItsPortOpen() throws Exception {
        service.apply(RouterSettingsFixture.settings(8080), manager(true));
        Path config = service.configFile();
        assertEquals(SecureFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(config));
        RouterConfig written = RouterConfigFile.read(config);
        assertEquals(8080, written.port());
        assertEquals("0.0.0.0", written.listenAddress());
        assertEquals("12345", written.webhookSecret().reveal());
        assertFalse(written.allowUnsigned());
        assertEquals("mongodb://u:p@db:27017/github-runner-webhook-router", written.mongodbUri().reveal());
        assertEquals("ghp_x", written.github().auth().token().reveal());
        String unit = Files.readString(service.unitFile());
        assertTrue(unit.contains("webhook-router --config " + config), unit);
        assertFalse(unit.contains("12345") || unit.contains("ghp_x"), "no secret in the unit file (argv)");
        assertTrue(calls.contains(List.of("systemctl", "restart", "github-runner-webhook-router@github-runner-2.service")));
        assertEquals(List.of("8080/tcp"), List.copyOf(juju.openedPorts));
        assertEquals("8080", juju.state.get("webhook-router-port"));
    }

    @Test
    void unchangedSettingsDoNotRestartAndANewPortClosesTheOld() throws Exception {
        service.apply(RouterSettingsFixture.settings(8080), manager(true));
        long restarts = calls.stream().filter(c -> c.contains("restart")).count();
        service.apply(RouterSettingsFixture.settings(8080), manager(true));
        assertEquals(restarts, calls.stream().filter(c -> c.contains("restart")).count());
        service.apply(RouterSettingsFixture.settings(9090), manager(true));
        assertEquals(restarts + 1, calls.stream().filter(c -> c.contains("restart")).count());
        assertEquals(List.of("9090/tcp"), List.copyOf(juju.openedPorts));
    }

    @Test
    void withoutMongoDbOrFlavoursNothingRunsAndThePortCloses() throws Exception {
        service.apply(RouterSettingsFixture.settings(8080), manager(true));
        service.apply(RouterSettingsFixture.settings(8080), manager(false));
        assertFalse(Files.exists(service.unitFile()));
        assertFalse(Files.exists(service.configFile()));
        assertTrue(juju.openedPorts.isEmpty());
        assertTrue(calls.contains(List.of("systemctl", "stop", "github-runner-webhook-router@github-runner-2.service")));
        service.apply(null, manager(true));
        assertFalse(Files.exists(service.unitFile()));
    }
}
