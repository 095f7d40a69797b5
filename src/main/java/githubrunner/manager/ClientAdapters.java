package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.PreparedServer;
import githubrunner.common.InstanceName;
import githubrunner.github.DeleteResult;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubRunner;
import githubrunner.github.JitConfig;
import githubrunner.github.RateLimitStatus;
import githubrunner.github.RunnerListing;
import java.util.List;
import java.util.Map;

/** The production clients seen through the manager's two interfaces. */
final class ClientAdapters {
    private ClientAdapters() {}

    static RunnerCloud cloud(OpenStackCloud cloud) {
        return cloud(cloud, server -> { });
    }

    /** @param beforeDelete told of each VM right before it is deleted (to pull its metrics) */
    static RunnerCloud cloud(OpenStackCloud cloud, java.util.function.Consumer<CloudServer> beforeDelete) {
        return new RunnerCloud() {
            @Override
            public List<CloudServer> listServers() throws CloudException {
                return cloud.listServers();
            }

            @Override
            public PreparedServer prepareServer(InstanceName name) throws CloudException {
                return cloud.prepareServer(name);
            }

            @Override
            public CloudServer bootServer(PreparedServer prepared, String imageId, String userData,
                                          Map<String, String> metadata) throws CloudException {
                return cloud.bootServer(prepared, imageId, userData, metadata);
            }

            @Override
            public void abandonServer(PreparedServer prepared) {
                cloud.abandonServer(prepared);
            }

            @Override
            public boolean deleteServer(CloudServer server) throws CloudException {
                beforeDelete.accept(server);
                return cloud.deleteServer(server);
            }

            @Override
            public void ensureSecurityGroup() throws CloudException {
                cloud.ensureSecurityGroup();
            }

            @Override
            public int cleanupOrphanKeypairs() throws CloudException {
                return cloud.cleanupOrphanKeypairs();
            }

            @Override
            public int cleanupAllOrphanKeypairs() throws CloudException {
                return cloud.cleanupAllOrphanKeypairs();
            }
        };
    }

    static RunnerRegistry registry(GitHubClient github) {
        return new RunnerRegistry() {
            private volatile int lastCharged = 1;

            @Override
            public List<GitHubRunner> listRunners() throws GitHubException {
                RunnerListing listing = github.runnerListing();
                lastCharged = listing.chargedPages();
                return listing.runners();
            }

            @Override
            public int lastListingCharged() {
                return lastCharged;
            }

            @Override
            public JitConfig register(String name, List<String> labels) throws GitHubException {
                return github.generateJitConfig(name, labels);
            }

            @Override
            public DeleteResult deregister(long runnerId) throws GitHubException {
                return github.deleteRunner(runnerId);
            }

            @Override
            public RateLimitStatus rateLimit() {
                return github.rateLimit();
            }
        };
    }
}
