package githubrunner.sim;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.SimServer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the part of the runner VMs: when the OpenStack emulator reports a server ACTIVE, the
 * runner agent its user data would start ({@code run.sh --jitconfig <config>}) starts in the
 * GitHub emulator, which then brings it online, gives it a job and deregisters it when done.
 * The VM's metrics-exchange files are written as the boot script and job hooks would
 * ({@link VmMetricsFiles}), for the manager to pull over SSH before it deletes the VM.
 * Wired by tests and the simulator; the clients under test know nothing of it.
 */
public final class RunnerAgents implements AutoCloseable {
    /** The JIT config as the boot script passes it to run.sh (quoted or not). */
    private static final Pattern JIT_CONFIG = Pattern.compile("--jitconfig\\s+'?([A-Za-z0-9+/=_-]+)");

    private final OpenStackEmulator openstack;
    private final GitHubEmulator github;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "runner-agents");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final VmMetricsFiles metricsFiles;

    private RunnerAgents(OpenStackEmulator openstack, GitHubEmulator github) {
        this.openstack = openstack;
        this.github = github;
        this.metricsFiles = new VmMetricsFiles(openstack);
        github.addJobListener(metricsFiles);
    }

    /** Starts watching for servers that become ACTIVE, every 100 ms. */
    public static RunnerAgents wire(OpenStackEmulator openstack, GitHubEmulator github) {
        RunnerAgents agents = new RunnerAgents(openstack, github);
        agents.poller.scheduleWithFixedDelay(agents::startNewlyActive, 0, 100, TimeUnit.MILLISECONDS);
        return agents;
    }

    private void startNewlyActive() {
        for (SimServer server : openstack.drainNewlyActive()) {
            Matcher jit = JIT_CONFIG.matcher(server.userData() == null ? "" : server.userData());
            if (jit.find()) {
                metricsFiles.runnerInstalled(server); // the boot script writes it just before run.sh
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

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
