package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import githubrunner.common.HostPaths;
import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import githubrunner.testing.CapturedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
    @TempDir Path root;
    FakeJujuBackend juju;
    CharmContext context;
    RecordingCommands commands;

    static final class RecordingCommands extends HostCommands {
        final List<List<String>> calls = new java.util.ArrayList<>();

        @Override
        public Result run(List<String> command) {
            calls.add(command);
            return new Result(0, "");
        }
    }

    @BeforeEach
    void setUp() {
        juju = new FakeJujuBackend();
        commands = new RecordingCommands();
        context = new CharmContext(juju, Map.of(), UnitIdentity.parse("github-runner/3"), root.resolve("charm"),
                HostPaths.under(root), commands);
    }

    @Test
    void unknownEventsAreLoggedAndSucceed() {
        assertEquals(0, new Dispatcher().dispatch(Event.hook("collect-metrics"), context));
        assertEquals(0, new Dispatcher().dispatch(Event.action("no-such-action"), context));
        assertTrue(juju.statuses.isEmpty());
    }

    @Test
    void configProblemIsBlockedStatusNotAHookFailure() throws IOException {
        assertEquals(0, new Dispatcher().dispatch(Event.hook("config-changed"), context));
        assertEquals(UnitStatus.blocked("Invalid Github config, Missing path configuration"), juju.lastStatus());
        assertEquals(juju.lastStatus(), context.files().readConfigStatus(), "remembered for update-status");
    }

    @Test
    void updateStatusRepeatsTheLastConfigurationOutcome() {
        new Dispatcher().dispatch(Event.hook("config-changed"), context);
        juju.statuses.clear();
        assertEquals(0, new Dispatcher().dispatch(Event.hook("update-status"), context));
        assertEquals(UnitStatus.blocked("Invalid Github config, Missing path configuration"), juju.lastStatus());
    }

    @Test
    void updateStatusBeforeAnyConfigurationAsksForIt() {
        new Dispatcher().dispatch(Event.hook("update-status"), context);
        assertEquals(UnitStatus.Kind.BLOCKED, juju.lastStatus().kind());
    }

    @Test
    void aFaultInAHookFailsTheHookAndLogsWhy() throws IOException {
        Files.createDirectories(root.resolve("var/lib"));
        Files.writeString(root.resolve("var/lib/github-runner-manager"), "a file where a directory must be");
        try (CapturedLog log = new CapturedLog(Dispatcher.class)) {
            assertEquals(1, new Dispatcher().dispatch(Event.hook("install"), context));
            assertEquals(List.of("install failed: java.nio.file.FileAlreadyExistsException"), log.at(Level.ERROR),
                    "the stack trace goes to juju debug-log");
        }
    }

    @Test
    void actionsWithoutAManagerFailWithAReasonAndExitZero() {
        assertEquals(0, new Dispatcher().dispatch(Event.action("check-runners"), context));
        assertTrue(juju.actionFailure.startsWith("Failed runner manager request: the runner manager is not running"),
                juju.actionFailure);
        juju.actionFailure = null;
        assertEquals(0, new Dispatcher().dispatch(Event.action("flush-runners"), context));
        assertTrue(juju.actionFailure.startsWith("Failed runner manager request:"));
    }

    @Test
    void installPreparesTheHost() throws IOException {
        assertEquals(0, new Dispatcher().dispatch(Event.hook("install"), context));
        assertTrue(Files.isDirectory(root.resolve("var/lib/github-runner-manager")));
        assertTrue(Files.isDirectory(root.resolve("var/log/github-runner-manager")));
        assertTrue(Files.exists(root.resolve("var/log/github-runner-metrics.log")));
        String logrotate = Files.readString(root.resolve("etc/logrotate.d/github-runner"));
        assertTrue(logrotate.contains("/var/log/github-runner-metrics.log {"), logrotate);
        assertTrue(logrotate.contains("/var/log/github-runner-manager/*.log {"), logrotate);
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("var/log/github-runner-metrics.log"))), "root reads it, others not");
        assertEquals("useradd", commands.calls.get(0).get(0));
        assertFalse(juju.applicationVersion.isEmpty());
    }

    @Test
    void stopRemovesTheUnitsFiles() throws IOException {
        Path state = context.files().stateDirectory();
        Files.createDirectories(state);
        Files.writeString(state.resolve("config.yaml"), "secret stuff");
        assertEquals(0, new Dispatcher().dispatch(Event.hook("stop"), context));
        assertFalse(Files.exists(state));
    }
}
