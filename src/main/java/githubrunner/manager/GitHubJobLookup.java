package githubrunner.manager;

import githubrunner.contract.ManagerConfig;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubException;
import githubrunner.github.RateLimitStatus;
import githubrunner.github.WorkflowJob;
import githubrunner.metrics.JobLookup;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job a deleted runner ran, for {@code queue_duration} and {@code job_conclusion}: one paged
 * listing of the workflow run's jobs, matched by runner name. Only within the unit's own
 * repository or organisation (the name comes from the VM, which is untrusted), and only while
 * at least a fifth of the core budget is left: runner replacement needs it more than metrics do.
 */
final class GitHubJobLookup implements JobLookup {
    static final double MIN_BUDGET_SHARE = 0.2;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubJobLookup.class);

    private final GitHubClient github;
    private final ManagerConfig.GitHubPath scope;

    GitHubJobLookup(GitHubClient github, ManagerConfig.GitHubPath scope) {
        this.github = github;
        this.scope = scope;
    }

    @Override
    public Optional<Job> find(String repository, long workflowRunId, String runnerName) {
        int slash = repository.indexOf('/');
        String owner = repository.substring(0, slash);
        String repo = repository.substring(slash + 1);
        if (!inScope(owner, repo) || !affordable(github.rateLimit())) {
            return Optional.empty();
        }
        try {
            return github.listJobs(owner, repo, workflowRunId).stream()
                    .filter(job -> job.runnerName().filter(runnerName::equals).isPresent())
                    .findFirst()
                    .map(GitHubJobLookup::timing);
        } catch (GitHubException e) {
            LOG.debug("jobs of run {} in {} not listed: {}", workflowRunId, repository, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean inScope(String owner, String repo) {
        if (scope.isOrganisation()) {
            return owner.equalsIgnoreCase(scope.org());
        }
        return owner.equalsIgnoreCase(scope.owner()) && repo.toLowerCase(Locale.ROOT).equals(scope.repo().toLowerCase(Locale.ROOT));
    }

    static boolean affordable(RateLimitStatus status) {
        return status.core().map(b -> b.limit() <= 0 || b.remaining() >= b.limit() * MIN_BUDGET_SHARE).orElse(true);
    }

    private static Job timing(WorkflowJob job) {
        Optional<Duration> queue = job.createdAt().flatMap(created -> job.startedAt()
                .map(started -> Duration.between(created, started)))
                .map(d -> d.isNegative() ? Duration.ZERO : d);
        return new Job(queue, job.conclusion());
    }
}
