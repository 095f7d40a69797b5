package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.SimImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The operator points the unit at another cloud while a runner of the old one runs a job. The
 * old cloud's idle runners go at once, the busy one goes on with its job, and nothing of the unit
 * is left in either cloud after stop (servers and keypairs), although the old cloud is no longer
 * in the current settings.
 */
class CloudChangeIT {
    static final String TOKEN = "ghp_cloudChange0123456789abcdefghij";

    @TempDir Path work;
    GitHubEmulator github;
    OpenStackEmulator oldCloud;
    OpenStackEmulator newCloud;
    RunnerAgents oldAgents;
    RunnerAgents newAgents;
    JujuLocal juju;

    @AfterEach
    void tearDown() throws Exception {
        if (juju != null) {
            juju.stopServices();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {oldAgents, newAgents, github, oldCloud, newCloud}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void theOldCloudIsDrainedAndEmptyAfterStop() throws Exception {
        github = GitHubEmulator.builder().start().addToken(TOKEN).addRepository("canonical", "fleet")
                .agentOnlineDelay(Duration.ofMillis(200));
        oldCloud = OpenStackEmulator.builder().buildDelay(Duration.ofMillis(200)).start();
        newCloud = OpenStackEmulator.builder().buildDelay(Duration.ofMillis(200)).credentials("other", "other-password", "other")
                .start();
        SimImage image = oldCloud.images().get(0);
        newCloud.addImage(new SimImage(image.id(), image.name(), Instant.now()));
        oldAgents = RunnerAgents.wire(oldCloud, github);
        newAgents = RunnerAgents.wire(newCloud, github);
        juju = PackedCharm.installedUnit(work);
        // The old cloud's VMs answer SSH for their metrics files (one port can serve one emulator).
        juju.setModelEnvironment("GITHUB_RUNNER_VM_SSH_PORT", Integer.toString(oldCloud.sshPort()));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", "canonical/fleet");
        config.put("token", TOKEN);
        config.put("github-api-url", github.url());
        config.put("openstack-clouds-yaml", oldCloud.cloudsYaml("old", "emulated-password"));
        config.put("openstack-flavor", "m1.small");
        config.put("openstack-network", oldCloud.networks().get(0).name());
        config.put("base-virtual-machines", 2);
        juju.setConfig(config);
        assertEquals(0, juju.runHook("config-changed").exitCode());
        for (JujuLocal.HookRun run : juju.integrate("image", "image-builder",
                Map.of("image-builder/0", Map.of("id", image.id(), "tags", "x64,jammy")))) {
            assertEquals(0, run.exitCode(), run.event() + ": " + run.stderr());
        }
        await("2 idle runners in the old cloud", () -> online() == 2 && oldCloud.servers().size() == 2);
        github.queueJob("canonical", "fleet", List.of("self-hosted", "linux", "x64"), Duration.ofMinutes(10));
        await("one runner busy", () -> github.runners().stream().anyMatch(r -> r.busy()));
        String busy = github.runners().stream().filter(r -> r.busy()).findFirst().orElseThrow().name();

        juju.setConfig(Map.of("openstack-clouds-yaml", newCloud.cloudsYaml("new", "other-password"),
                "openstack-network", newCloud.networks().get(0).name()));
        JujuLocal.HookRun changed = juju.runHook("config-changed");
        assertEquals(0, changed.exitCode(), changed.stderr());
        await("the new cloud has the pool, the old one only the busy runner", () -> newCloud.servers().size() == 2
                && oldCloud.servers().size() == 1 && oldCloud.servers().get(0).name().equals(busy));
        assertTrue(github.runners().stream().anyMatch(r -> r.name().equals(busy) && r.busy()),
                "the job in the old cloud goes on");

        JujuLocal.HookRun stop = juju.runHook("stop");
        assertEquals(0, stop.exitCode(), stop.stderr());
        await("nothing of the unit left in either cloud", () -> oldCloud.servers().isEmpty() && newCloud.servers().isEmpty()
                && oldCloud.keypairs().isEmpty() && newCloud.keypairs().isEmpty());
        // GitHub refuses to delete a registration while its runner runs a job; once its VM is gone
        // the runner goes offline and GitHub drops it later. Every other registration is gone.
        assertTrue(github.runners().stream().allMatch(r -> r.name().equals(busy)),
                "no registration left but the busy runner's: " + github.runners());
        // The busy runner's VM, in the retired cloud, had its metrics pulled before its deletion too:
        // the only runner that started a job, so the only runner_start event.
        String events = Files.readString(juju.rootDir().resolve("var/log/github-runner-metrics.log"));
        assertEquals(1, events.lines().filter(line -> line.contains("\"event\":\"runner_start\"")).count(), events);
    }

    private long online() {
        return github.runners().stream().filter(r -> "online".equals(r.status())).count();
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
