package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.sim.openstack.Fault;
import githubrunner.sim.openstack.FaultRule;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.RecordedRequest;
import githubrunner.sim.openstack.SimClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An emulated cloud and clients of it, for contract tests. In faulty mode one request in five
 * meets a 5xx or a timeout (before or after the request takes effect), with a fixed seed.
 */
final class CloudHarness implements AutoCloseable {
    static final String PREFIX = "github-runner-0";
    static final String PASSWORD = "s3cr3t-Pa55-for-tests";
    static final String NETWORK = "external-network";
    static final String FLAVOR = "m1.small";

    final SimClock clock = SimClock.startingNow();
    final OpenStackEmulator sim;
    final Path keyDir;
    final boolean faulty;
    final Duration readTimeout;
    /** The background rule of faulty mode (null in clean mode). */
    final FaultRule background;

    /** @param seed of the fault injector: tests pass their own, so each meets its own faults */
    private CloudHarness(Path dir, boolean faulty, long seed, UnaryOperator<OpenStackEmulator.Builder> customize)
            throws IOException {
        this.faulty = faulty;
        this.keyDir = dir.resolve("keys");
        // Generous in clean mode so a loaded machine causes no spurious timeouts; short in faulty mode.
        this.readTimeout = faulty ? Duration.ofMillis(1000) : Duration.ofSeconds(5);
        OpenStackEmulator.Builder builder = OpenStackEmulator.builder()
                .clock(clock)
                .credentials("runner-user", PASSWORD, "runner-project")
                .buildDelay(Duration.ZERO)
                .keyBits(1024)
                .seed(seed);
        sim = customize.apply(builder).start();
        if (faulty) {
            Duration late = readTimeout.multipliedBy(5).dividedBy(2);
            background = FaultRule.on("*", "/.*").probability(0.2).inject(Fault.status(500), Fault.status(503),
                    Fault.delay(late), Fault.slowResponse(late));
            sim.faults().add(background);
        } else {
            background = null;
        }
    }

    static CloudHarness start(Path dir, boolean faulty, long seed) throws IOException {
        return new CloudHarness(dir, faulty, seed, b -> b);
    }

    static CloudHarness start(Path dir, boolean faulty, long seed, UnaryOperator<OpenStackEmulator.Builder> customize)
            throws IOException {
        return new CloudHarness(dir, faulty, seed, customize);
    }

    /** How many requests met the background faults so far. */
    int faultsFired() {
        return background == null ? 0 : sim.faults().firedCount(background);
    }

    OpenStackTarget config(String password, String network, String flavor) {
        return new OpenStackTarget(sim.keystoneUrl(), sim.username(), Secret.of(password), sim.projectName(),
                sim.userDomain(), sim.projectDomain(), sim.region(), network, flavor);
    }

    OpenStackOptions options() {
        return OpenStackOptions.defaults()
                .withClock(clock)
                .withTimeouts(Duration.ofSeconds(2), readTimeout)
                .withRetry(new RetryPolicy(faulty ? 6 : 4, Duration.ofMillis(5), Duration.ofMillis(40)));
    }

    OpenStackCloud client() {
        return client(PREFIX);
    }

    OpenStackCloud client(String prefix) {
        return new OpenStackCloud(config(PASSWORD, NETWORK, FLAVOR), prefix, keyDir, options());
    }

    OpenStackCloud client(OpenStackTarget config) {
        return new OpenStackCloud(config, PREFIX, keyDir, options());
    }

    String imageId() {
        return sim.images().get(0).id();
    }

    /**
     * Creates a server as the runner manager would: a failed create is given up and a new runner
     * (new name) is tried, so a create is never repeated under one name.
     */
    CloudServer createServer(OpenStackCloud cloud, String userData, Map<String, String> metadata) throws CloudException {
        for (int attempt = 1; ; attempt++) {
            try {
                return cloud.createServer(InstanceName.generate(cloud.prefix()), imageId(), userData, metadata);
            } catch (CloudException e) {
                if (!faulty || !e.kind().isTransient() || attempt >= 12) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    /** Ensures the security group as successive reconciles would: again after a transient failure. */
    void ensureSecurityGroup(OpenStackCloud cloud) throws CloudException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                cloud.ensureSecurityGroup();
                return;
            } catch (CloudException e) {
                if (!faulty || !e.kind().isTransient() || attempt >= 60) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Waits until no request is still being handled (a delayed create lands late). */
    void awaitQuiet() {
        for (int i = 0; i < 200; i++) {
            if (sim.requests().all().stream().noneMatch(r -> r.status() == RecordedRequest.PENDING)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("requests still pending: " + sim.requests().all());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
