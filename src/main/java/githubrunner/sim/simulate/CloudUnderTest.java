package githubrunner.sim.simulate;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.util.List;
import java.util.Optional;

/**
 * The OpenStack a simulation runs against: the emulator ({@link EmulatedCloud}), or a real cloud
 * given by its clouds.yaml ({@link GivenCloud}). What the charm is configured with, what the
 * runner agents watch, and what the live view and summary count.
 */
interface CloudUnderTest extends AutoCloseable {
    /** The clouds.yaml the charm is given. */
    String cloudsYaml();

    String imageId();

    String flavor();

    String network();

    /** Names of the unit's servers that exist now. */
    List<String> serverNames(String prefix);

    /** Servers of the unit that exist now. */
    default int servers(String prefix) {
        return serverNames(prefix).size();
    }

    /** Servers the unit created so far. */
    long serversCreated(String prefix);

    /** OpenStack API requests so far, or -1 when they cannot be counted (a real cloud). */
    long requests();

    /** Runner agents that start when the unit's VMs become ACTIVE, with their JIT config from the user data. */
    RunnerAgents wireAgents(GitHubEmulator github, String prefix);

    /** The emulator, when the cloud is one (for its SSH port and request log). */
    Optional<OpenStackEmulator> emulator();

    @Override
    void close();
}
