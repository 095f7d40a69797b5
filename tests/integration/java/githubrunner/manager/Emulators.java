package githubrunner.manager;

import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The GitHub and OpenStack emulators a manager process talks to, with runner agents wired in:
 * a server that becomes ACTIVE starts its runner, which comes online and takes queued jobs.
 */
public final class Emulators implements AutoCloseable {
    public static final String TOKEN = "ghp_managerIntegrationTest0123456789";
    public static final String OWNER = "canonical";
    public static final String REPO = "fleet";
    /** The manager API's bearer token in every config made here. */
    public static final Secret API_TOKEN = Secret.of("it-api-token-0123456789abcdefghijklmnopqrstu");

    public final GitHubEmulator github;
    public final OpenStackEmulator openstack;
    final RunnerAgents agents;

    /**
     * @param openstackClock the cloud's clock: tests set it behind to make keypairs look old at once
     */
    public Emulators(Clock openstackClock) throws IOException {
        this(openstackClock, 1024);
    }

    /**
     * @param keyBits RSA size of the keypairs the cloud generates; generating them is the emulator's
     *     main CPU cost, so tests and benchmarks use small ones
     */
    public Emulators(Clock openstackClock, int keyBits) throws IOException {
        // A generous budget, so budget pacing does not slow the 1 s checks of the tests.
        github = GitHubEmulator.builder().start()
                .addToken(TOKEN).addRepository(OWNER, REPO).agentOnlineDelay(Duration.ofMillis(300))
                .rateLimit("core", 1_000_000, Duration.ofHours(1));
        openstack = OpenStackEmulator.builder().buildDelay(Duration.ofMillis(300)).clock(openstackClock).keyBits(keyBits)
                .start();
        agents = RunnerAgents.wire(openstack, github);
    }

    public Emulators() throws IOException {
        this(Clock.systemUTC());
    }

    /** A manager config for unit {@code app/number} against these emulators. */
    public ManagerConfig config(String application, int number, int base, int port) {
        String unit = application + "/" + number;
        return new ManagerConfig(ManagerConfig.VERSION, unit, application, application + "-" + number,
                new ManagerConfig.GitHub(github.url(), ManagerConfig.GitHubPath.repository(OWNER, REPO),
                        ManagerConfig.GitHubAuth.token(Secret.of(TOKEN))),
                new ManagerConfig.OpenStack(openstack.keystoneUrl(), openstack.username(), Secret.of("emulated-password"),
                        openstack.projectName(), openstack.userDomain(), openstack.projectDomain(), openstack.region(),
                        openstack.networks().get(0).name(), "m1.small"),
                new ManagerConfig.Runners(openstack.images().get(0).id(), List.of("x64", "jammy"), base, 0), 1,
                ManagerConfig.Proxy.NONE,
                new ManagerConfig.Vm(ManagerConfig.Proxy.NONE, false, List.of(), List.of(), null, null, true, List.of(),
                        false, null),
                null, "INFO", port, "/var/log/github-runner-metrics.log", API_TOKEN, null, List.of());
    }

    @Override
    public void close() {
        agents.close();
        github.close();
        openstack.close();
    }
}
