package githubrunner.sim;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the part of the runner VMs: when the cloud reports a server ACTIVE, the runner agent its
 * user data would start ({@code run.sh --jitconfig <config>}) starts in the GitHub emulator,
 * which then brings it online, gives it a job and deregisters it when done. With the OpenStack
 * emulator, the VM's metrics-exchange files are written as the boot script and job hooks would
 * ({@link VmMetricsFiles}), for the manager to pull over SSH before it deletes the VM; a real
 * cloud's VMs are only read (see simulate --clouds-yaml).
 * Wired by tests and the simulator; the clients under test know nothing of it.
 */
public final class RunnerAgents implements AutoCloseable {
    /** The JIT config as the boot script passes it to run.sh (quoted or not). */
    private static final Pattern JIT_CONFIG = Pattern.compile("--jitconfig\\s+'?([A-Za-z0-9+/=_-]+)");

    /** A server that became ACTIVE: its user data, and what its boot script does before run.sh. */
    public record Booted(String userData, Runnable runnerInstalled) {}

    /** Where the agents learn of VMs: each server that became ACTIVE, once. */
    @FunctionalInterface
    public interface ActiveServers {
        List<Booted> newlyActive() throws Exception;
    }

    private final ActiveServers servers;
    private final GitHubEmulator github;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "runner-agents");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger failedPolls = new AtomicInteger();

    private RunnerAgents(ActiveServers servers, GitHubEmulator github) {
        this.servers = servers;
        this.github = github;
    }

    /** Starts watching the emulator for servers that become ACTIVE, every 100 ms. */
    public static RunnerAgents wire(OpenStackEmulator openstack, GitHubEmulator github) {
        VmMetricsFiles metricsFiles = new VmMetricsFiles(openstack);
        github.addJobListener(metricsFiles);
        return wire(() -> openstack.drainNewlyActive().stream()
                .map(server -> new Booted(server.userData(), () -> metricsFiles.runnerInstalled(server)))
                .toList(), github, 100);
    }

    /** Starts polling {@code servers} every {@code periodMillis} (a real cloud is polled less often). */
    public static RunnerAgents wire(ActiveServers servers, GitHubEmulator github, long periodMillis) {
        RunnerAgents agents = new RunnerAgents(servers, github);
        agents.poller.scheduleWithFixedDelay(agents::startNewlyActive, 0, periodMillis, TimeUnit.MILLISECONDS);
        return agents;
    }

    private void startNewlyActive() {
        List<Booted> active;
        try {
            active = servers.newlyActive();
        } catch (Exception e) {
            failedPolls.incrementAndGet(); // the next poll tries again
            return;
        }
        for (Booted server : active) {
            Matcher jit = JIT_CONFIG.matcher(server.userData() == null ? "" : server.userData());
            if (jit.find()) {
                server.runnerInstalled().run(); // the boot script writes it just before run.sh
            }
            if (jit.find(0) && github.agentStarted(jit.group(1))) {
                started.incrementAndGet();
            } else {
                unreadable.incrementAndGet();
            }
        }
    }

    /** Agents started so far. */
    public int started() {
        return started.get();
    }

    /** ACTIVE servers whose user data held no JIT config the GitHub emulator knew. */
    public int unreadable() {
        return unreadable.get();
    }

    /** Polls of the cloud that failed (each retried at the next period). */
    public int failedPolls() {
        return failedPolls.get();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
