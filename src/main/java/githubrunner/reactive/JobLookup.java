package githubrunner.reactive;

import githubrunner.github.GitHubException;
import githubrunner.github.RateLimitStatus;
import githubrunner.github.WorkflowJob;
import java.util.Optional;

/** The two things a consumer asks GitHub (through the configured client, never at a message's URL). */
public interface JobLookup {
    /** The job; empty if GitHub does not know it (404). */
    Optional<WorkflowJob> job(String owner, String repo, long jobId) throws GitHubException;

    /** What is known of the budget, without a request. */
    RateLimitStatus budget();

    static JobLookup of(githubrunner.github.GitHubClient client) {
        return new JobLookup() {
            @Override
            public Optional<WorkflowJob> job(String owner, String repo, long jobId) throws GitHubException {
                return client.getJob(owner, repo, jobId);
            }

            @Override
            public RateLimitStatus budget() {
                return client.rateLimit();
            }
        };
    }
}
