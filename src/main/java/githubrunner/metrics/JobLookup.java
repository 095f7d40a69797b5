package githubrunner.metrics;

import java.time.Duration;
import java.util.Optional;

/**
 * Finds the GitHub job a runner ran, for its queue time and conclusion: the jobs of the workflow
 * run the pre-job file names, matched by runner name. Implemented by the manager with its GitHub
 * client, within its API budget; empty whenever the lookup is not possible or not affordable.
 */
@FunctionalInterface
public interface JobLookup {
    JobLookup NONE = (repository, workflowRunId, runnerName) -> Optional.empty();

    /**
     * @param repository {@code owner/repo}, validated
     * @param workflowRunId digits, validated
     */
    Optional<Job> find(String repository, long workflowRunId, String runnerName);

    /**
     * @param queueDuration {@code started_at - created_at}, at least zero, if both are known
     * @param conclusion GitHub's conclusion once completed (success, failure, cancelled, ...)
     */
    record Job(Optional<Duration> queueDuration, Optional<String> conclusion) {}
}
