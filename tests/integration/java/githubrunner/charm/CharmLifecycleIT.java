package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.juju.JujuState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed charm, unzipped into an empty directory, driven through install, config-changed,
 * update-status, the actions and stop as real processes, with GITHUB_RUNNER_ROOT in a temp dir.
 */
class CharmLifecycleIT {
    @TempDir Path work;

    @Test
    void installConfigureUpdateStatusActionsStop() throws Exception {
        JujuLocal juju = PackedCharm.installedUnit(work);
        Path root = juju.rootDir();
        assertTrue(Files.isDirectory(root.resolve("var/lib/github-runner-manager")));
        assertTrue(Files.exists(root.resolve("var/log/github-runner-metrics.log")));
        assertTrue(Files.exists(root.resolve("etc/logrotate.d/github-runner")));
        assertFalse(juju.state().applicationVersion.isEmpty(), "install sets the application version");
        try (Stream<Path> archives = Files.list(juju.charmDir().resolve(".jvm"))) {
            assertTrue(archives.anyMatch(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")),
                    "install makes the class-data archive");
        }
        assertTrue(Files.readString(juju.hostCommandLog()).contains("useradd --system --user-group"));

        juju.setConfig(PackedCharm.validConfig());
        JujuLocal.HookRun configChanged = juju.runHook("config-changed");
        assertEquals(0, configChanged.exitCode(), configChanged.stderr());
        assertEquals(new JujuState.StatusEntry("blocked", "Please provide image integration.", 0), withoutTime(juju));

        for (JujuLocal.HookRun run : juju.integrate("image", "image-builder", PackedCharm.imageBuilder("img-42"))) {
            assertEquals(0, run.exitCode(), run.event() + ": " + run.stderr());
        }
        JujuState.Relation image = juju.state().relations.get(0);
        assertEquals(PackedCharm.OPENSTACK_PASSWORD, image.localUnitData.get("password"),
                "image-relation-joined shares the OpenStack auth map with the builder");
        assertEquals("runners", image.localUnitData.get("project_name"));

        Path config = root.resolve("var/lib/github-runner-manager/github-runner-0/config.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("image-id: img-42"), yaml);
        assertTrue(yaml.contains("owner: canonical"), yaml);
        assertNotNull(juju.state().state.get("flush-fingerprint"), "flush keys remembered in unit state");
        assertTrue(Files.readString(juju.hostCommandLog()).contains("systemctl restart github-runner-manager@github-runner-0"));

        // The cloud in this config does not exist: the manager runs, and says so.
        await(() -> {
            JujuLocal.HookRun updateStatus = juju.runHook("update-status");
            assertEquals(0, updateStatus.exitCode(), updateStatus.stderr());
            return juju.state().status.message().startsWith("OpenStack API unavailable");
        });
        assertEquals("waiting", juju.state().status.status());

        JujuLocal.ActionRun check = juju.runAction("check-runners", Map.of());
        assertEquals("failed", check.status());
        assertTrue(check.message().startsWith("Failed runner manager request: the runner manager answered 500"),
                check.message());
        assertEquals(0, check.process().exitCode(), "a failed action still exits 0");

        JujuLocal.HookRun stop = juju.runHook("stop");
        assertEquals(0, stop.exitCode(), stop.stderr());
        assertFalse(Files.exists(config.getParent()), "stop removes the unit's files and credentials");
        assertTrue(Files.readString(juju.hostCommandLog()).contains("systemctl stop github-runner-manager@github-runner-0"));
        JujuLocal.ActionRun afterStop = juju.runAction("check-runners", Map.of());
        assertTrue(afterStop.message().startsWith("Failed runner manager request: the runner manager is not running"),
                afterStop.message());
        assertNoSecretOutsideTheManagerConfig(juju);
    }

    @org.junit.jupiter.api.AfterEach
    void stopManagers() throws Exception {
        if (Files.exists(work.resolve("state.json"))) {
            JujuLocal.open(work).stopServices();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached in 60 s");
            }
            Thread.sleep(500);
        }
    }

    @Test
    void hookStartedAsHooksNameWithoutDispatchPathStillResolves() throws Exception {
        JujuLocal juju = PackedCharm.installedUnit(work);
        JujuLocal.HookRun run = juju.runLegacyHook("update-status");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("blocked", juju.state().status.status());
        assertEquals("Not configured yet: set path and credentials with juju config", juju.state().status.message());
    }

    private static JujuState.StatusEntry withoutTime(JujuLocal juju) {
        JujuState.StatusEntry status = juju.state().status;
        return new JujuState.StatusEntry(status.status(), status.message(), 0);
    }

    /**
     * Every log line, hook output and file the charm and its manager wrote, except the 0600
     * manager config, is free of the test's credentials.
     */
    static void assertNoSecretOutsideTheManagerConfig(JujuLocal juju, String... moreSecrets) throws Exception {
        List<String> secrets = new java.util.ArrayList<>(List.of(PackedCharm.TOKEN, PackedCharm.OPENSTACK_PASSWORD));
        secrets.addAll(List.of(moreSecrets));
        for (String secret : secrets) {
            for (JujuState.LogLine line : juju.state().logs) {
                assertFalse(line.message().contains(secret), "secret in juju-log: " + line);
            }
            try (Stream<Path> files = Stream.concat(Files.walk(juju.workDir().resolve("runs")),
                    Files.walk(juju.rootDir()))) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("config.yaml")).toList()) {
                    assertFalse(Files.readString(file).contains(secret), "secret in " + file);
                }
            }
            if (Files.exists(juju.hostCommandLog())) {
                assertFalse(Files.readString(juju.hostCommandLog()).contains(secret), "secret in a command line");
            }
        }
    }
}
