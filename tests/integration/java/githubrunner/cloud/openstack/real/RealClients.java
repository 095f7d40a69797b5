package githubrunner.cloud.openstack.real;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Settings and waits shared by the tests against the real services. */
final class RealClients {
    /**
     * How long to wait for the cloud to get somewhere (ACTIVE, gone). A bound, not a timing
     * assertion: FakeDriver boots in about a second, but this machine may be loaded.
     */
    static final Duration PATIENCE = Duration.ofSeconds(180);

    private RealClients() {}

    static OpenStackOptions options() {
        return OpenStackOptions.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(90));
    }

    /** A prefix of our own, so tests (and runs) never see each other's servers. */
    static String newPrefix(String kind) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return kind + "-" + HexFormat.of().formatHex(random) + "-0";
    }

    static CloudServer awaitStatus(OpenStackCloud cloud, InstanceName name, ServerStatus status)
            throws CloudException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Optional<CloudServer> server = cloud.findServer(name);
        while (Instant.now().isBefore(deadline) && (server.isEmpty() || server.get().status() != status)) {
            if (server.isPresent() && server.get().status() == ServerStatus.ERROR && status != ServerStatus.ERROR) {
                throw new AssertionError(name + " went to ERROR");
            }
            Thread.sleep(300);
            server = cloud.findServer(name);
        }
        return server.filter(s -> s.status() == status)
                .orElseThrow(() -> new AssertionError(name + " did not become " + status + " within " + PATIENCE));
    }

    static void awaitGone(OpenStackCloud cloud, InstanceName name) throws CloudException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (cloud.findServer(name).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + " still listed " + PATIENCE + " after its deletion");
            }
            Thread.sleep(300);
        }
    }
}
