package githubrunner.manager;

import githubrunner.github.DeleteResult;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubRunner;
import githubrunner.github.JitConfig;
import githubrunner.github.RateLimitStatus;
import java.util.List;

/** Where runners are registered: what the runner manager needs of GitHub. */
public interface RunnerRegistry {
    /** This unit's registered runners. */
    List<GitHubRunner> listRunners() throws GitHubException;

    /** Registers a just-in-time runner with these labels. */
    JitConfig register(String name, List<String> labels) throws GitHubException;

    /** Removes a registration; BUSY when the runner is running a job. */
    DeleteResult deregister(long runnerId) throws GitHubException;

    /** Requests of the last listing that GitHub charged against the budget (304 Not Modified is free). */
    int lastListingCharged();

    /** What is known of the API budget, for pacing the checks. */
    RateLimitStatus rateLimit();
}
