package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole charm: the packed charm's dispatch through the Juju emulator writes the manager's
 * config and systemd unit; the sandbox systemctl starts the real manager against the GitHub and
 * OpenStack emulators; update-status, the actions and stop then work against that manager.
 */
class CharmWithManagerIT {
    static final String TOKEN = "ghp_charmWithManager0123456789abcdef";

    @TempDir Path work;
    GitHubEmulator github;
    OpenStackEmulator openstack;
    RunnerAgents agents;
    JujuLocal juju;

    @AfterEach
    void tearDown() throws Exception {
        if (juju != null) {
            juju.stopServices();
        }
        if (agents != null) {
            agents.close();
        }
        if (github != null) {
            github.close();
        }
        if (openstack != null) {
            openstack.close();
        }
    }

    @Test
    void configureStartsTheManagerAndTheUnitReportsItsRunners() throws Exception {
        github = GitHubEmulator.builder().start().addToken(TOKEN).addRepository("canonical", "fleet")
                .agentOnlineDelay(Duration.ofMillis(200));
        openstack = OpenStackEmulator.builder().buildDelay(Duration.ofMillis(200)).start();
        agents = RunnerAgents.wire(openstack, github);
        juju = PackedCharm.installedUnit(work);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", "canonical/fleet");
        config.put("token", TOKEN);
        config.put("github-api-url", github.url());
        config.put("openstack-clouds-yaml", openstack.cloudsYaml("emulated", "emulated-password"));
        config.put("openstack-flavor", "m1.small");
        config.put("openstack-network", openstack.networks().get(0).name());
        config.put("base-virtual-machines", 2);
        juju.setConfig(config);
        assertEquals(0, juju.runHook("config-changed").exitCode());
        assertEquals("Please provide image integration.", juju.state().status.message());

        for (JujuLocal.HookRun run : juju.integrate("image", "image-builder",
                Map.of("image-builder/0", Map.of("id", openstack.images().get(0).id(), "tags", "x64,jammy")))) {
            assertEquals(0, run.exitCode(), run.event() + ": " + run.stderr());
        }
        String commands = Files.readString(juju.hostCommandLog());
        String unit = "github-runner-manager@github-runner-0.service";
        assertTrue(commands.contains("systemctl daemon-reload") && commands.contains("systemctl enable " + unit)
                && commands.contains("systemctl restart " + unit), commands);
        Path unitFile = juju.rootDir().resolve("etc/systemd/system/" + unit);
        assertTrue(Files.readString(unitFile).contains("manager --config "), "the unit runs the manager");

        await("2 idle runners", () -> github.runners().stream().filter(r -> "online".equals(r.status())).count() == 2);
        await("update-status reports them", () -> {
            juju.runHook("update-status");
            return juju.state().status.status().equals("active")
                    && juju.state().status.message().equals("2 idle, 0 busy, 2 expected");
        });

        JujuLocal.ActionRun check = juju.runAction("check-runners", Map.of());
        assertEquals("completed", check.status(), String.valueOf(check.message()));
        assertEquals("2", check.results().get("online"));
        assertEquals("0", check.results().get("busy"));
        assertEquals(2, check.results().get("runners").toString().split(",").length);

        JujuLocal.ActionRun flush = juju.runAction("flush-runners", Map.of());
        assertEquals("completed", flush.status(), String.valueOf(flush.message()));
        assertEquals("2", flush.results().get("flushed"));

        // A restart only when something changed: the same config-changed again leaves the service alone.
        int restarts = count(Files.readString(juju.hostCommandLog()), "systemctl restart");
        assertEquals(0, juju.runHook("config-changed").exitCode());
        assertEquals(restarts, count(Files.readString(juju.hostCommandLog()), "systemctl restart"));

        // A flush key changed: the old manager flushes its idle runners, the new one registers
        // runners that carry the new label.
        await("2 idle runners again", () -> github.runners().stream().filter(r -> "online".equals(r.status())).count() == 2);
        java.util.Set<String> registeredBefore = new java.util.HashSet<>(github.runners().stream().map(r -> r.name()).toList());
        juju.setConfig(Map.of("labels", "gpu"));
        assertEquals(0, juju.runHook("config-changed").exitCode());
        assertEquals(restarts + 1, count(Files.readString(juju.hostCommandLog()), "systemctl restart"));
        await("runners with the new label replace the old ones", () -> {
            var now = github.runners();
            return now.size() == 2 && now.stream().noneMatch(r -> registeredBefore.contains(r.name()))
                    && now.stream().allMatch(r -> r.labels().contains("gpu"));
        });

        // The API token: made by the charm, owner-only, handed to the manager, never logged nor in argv.
        Path state = juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0");
        Path tokenFile = state.resolve("api-token");
        String apiToken = Files.readString(tokenFile).strip();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertTrue(Files.readString(state.resolve("config.yaml")).contains(apiToken), "the manager's config holds it");
        // Rotation: without the file, the next config-changed makes a new token and restarts the manager with it.
        int beforeRotation = count(Files.readString(juju.hostCommandLog()), "systemctl restart");
        Files.delete(tokenFile);
        assertEquals(0, juju.runHook("config-changed").exitCode());
        String rotated = Files.readString(tokenFile).strip();
        assertNotEquals(apiToken, rotated);
        assertEquals(beforeRotation + 1, count(Files.readString(juju.hostCommandLog()), "systemctl restart"));
        await("update-status answered with the new token", () -> {
            juju.runHook("update-status");
            return juju.state().status.status().equals("active") && juju.state().status.message().endsWith("2 expected");
        });
        Path managerLog = juju.rootDir().resolve("var/log/github-runner-manager/github-runner-0.log");
        for (String secret : List.of(apiToken, rotated)) {
            assertFalse(Files.readString(managerLog).contains(secret), "API token in the manager's log");
            assertFalse(Files.readString(juju.hostCommandLog()).contains(secret), "API token in a command line");
            juju.state().logs.forEach(line -> assertFalse(line.message().contains(secret), "API token in juju-log"));
        }

        JujuLocal.HookRun stop = juju.runHook("stop");
        assertEquals(0, stop.exitCode(), stop.stderr());
        assertFalse(Files.exists(unitFile), "stop removes the unit file");
        assertFalse(Files.exists(juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0")));
        assertTrue(Files.readString(juju.hostCommandLog()).contains("systemctl stop " + unit));
        await("every runner removed", () -> openstack.servers().isEmpty());
        CharmLifecycleIT.assertNoSecretOutsideTheManagerConfig(juju, TOKEN, "emulated-password");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                Path log = juju.rootDir().resolve("var/log/github-runner-manager/github-runner-0.log");
                throw new AssertionError("not reached: " + what + "; unit status " + juju.state().status
                        + (Files.exists(log) ? "\n--- manager log ---\n" + Files.readString(log) : ""));
            }
            Thread.sleep(250);
        }
    }
}
