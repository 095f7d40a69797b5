package githubrunner.cloud.openstack.real;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloud.openstack.OpenStackTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Removes what a test made under its prefix, with the client itself, and waits until Nova agrees. */
final class FleetCleanup {
    private FleetCleanup() {}

    static void removeAll(OpenStackTarget target, String prefix, Path keys) throws CloudException, InterruptedException {
        OpenStackCloud cloud = new OpenStackCloud(target, prefix, keys, RealClients.options().withMinKeypairAge(Duration.ZERO));
        Instant deadline = Instant.now().plus(RealClients.PATIENCE);
        List<CloudServer> left = cloud.listServers();
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            for (CloudServer server : left) {
                cloud.deleteServer(server);
            }
            Thread.sleep(500);
            left = cloud.listServers();
        }
        cloud.cleanupOrphanKeypairs();
        if (!left.isEmpty()) {
            throw new AssertionError("servers left after cleanup: " + left);
        }
    }
}
