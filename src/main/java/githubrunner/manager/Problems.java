package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloudinit.UserDataException;
import githubrunner.github.GitHubException;
import java.time.Instant;

/** Turns what a client threw into the problem the operator sees in juju status. */
final class Problems {
    private Problems() {}

    static Problem of(Exception error, Instant now) {
        if (error instanceof GitHubException github) {
            return switch (github.kind()) {
                case INVALID_TOKEN -> problem(Problem.Kind.GITHUB_TOKEN_INVALID,
                        "GitHub rejects the token (401): check token, token-secret-id or the GitHub App key", now);
                case MISSING_PERMISSION -> problem(Problem.Kind.GITHUB_PERMISSION_MISSING,
                        "GitHub token lacks permission for self-hosted runners (403)", now);
                case RATE_LIMITED -> new Problem(Problem.Kind.GITHUB_RATE_LIMITED, "GitHub API rate limit reached",
                        now, ((GitHubException.RateLimited) github).until());
                case NOT_FOUND, UNKNOWN_RUNNER_GROUP -> problem(Problem.Kind.GITHUB_PATH_NOT_FOUND,
                        "GitHub: " + github.getMessage(), now);
                case REJECTED -> problem(Problem.Kind.RUNNER_CREATION_FAILING, "GitHub refused: " + github.getMessage(), now);
                default -> problem(Problem.Kind.GITHUB_UNAVAILABLE, "GitHub API unavailable: " + github.getMessage(), now);
            };
        }
        if (error instanceof CloudException cloud) {
            return switch (cloud.kind()) {
                case AUTHENTICATION -> problem(Problem.Kind.OPENSTACK_AUTH_FAILED,
                        "OpenStack authentication failed: check the credentials in clouds.yaml", now);
                case QUOTA -> problem(Problem.Kind.OPENSTACK_QUOTA_EXCEEDED,
                        "OpenStack quota exceeded: " + orMessage(cloud), now);
                case IMAGE_NOT_FOUND -> problem(Problem.Kind.OPENSTACK_RESOURCE_MISSING,
                        "OpenStack image not found: " + orMessage(cloud), now);
                case FLAVOR_NOT_FOUND -> problem(Problem.Kind.OPENSTACK_RESOURCE_MISSING,
                        "OpenStack flavor not found: " + orMessage(cloud), now);
                case NETWORK_NOT_FOUND -> problem(Problem.Kind.OPENSTACK_RESOURCE_MISSING,
                        "OpenStack network not found: " + orMessage(cloud), now);
                case ENDPOINT_NOT_FOUND -> problem(Problem.Kind.OPENSTACK_RESOURCE_MISSING,
                        "OpenStack service missing from the catalog: " + orMessage(cloud), now);
                case REJECTED, KEY_STORAGE -> problem(Problem.Kind.RUNNER_CREATION_FAILING, cloud.getMessage(), now);
                default -> new Problem(Problem.Kind.OPENSTACK_UNAVAILABLE, "OpenStack API unavailable: " + cloud.getMessage(),
                        now, cloud.retryAt().orElse(null));
            };
        }
        if (error instanceof UserDataException) {
            return problem(Problem.Kind.RUNNER_CREATION_FAILING, "VM boot script not renderable: " + error.getMessage(), now);
        }
        return problem(Problem.Kind.RUNNER_CREATION_FAILING, error.getClass().getSimpleName() + ": " + error.getMessage(), now);
    }

    /** Of several problems, the one the operator must act on first. */
    static Problem worst(Problem a, Problem b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean aBlocks = a.kind().jujuStatus().equals("blocked");
        boolean bBlocks = b.kind().jujuStatus().equals("blocked");
        return aBlocks || !bBlocks ? a : b;
    }

    private static Problem problem(Problem.Kind kind, String message, Instant now) {
        return new Problem(kind, message, now, null);
    }

    private static String orMessage(CloudException cloud) {
        return cloud.serverMessage().isEmpty() ? cloud.getMessage() : cloud.serverMessage();
    }
}
