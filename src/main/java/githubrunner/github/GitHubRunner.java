package githubrunner.github;

import java.util.List;

/**
 * A self-hosted runner as GitHub reports it.
 *
 * @param status {@code online} or {@code offline}, as GitHub says (kept as text so a new value
 *     does not break listing)
 * @param busy whether it is running a job
 * @param labels label names, in GitHub's order
 */
public record GitHubRunner(long id, String name, String status, boolean busy, List<String> labels) {
    public GitHubRunner {
        labels = List.copyOf(labels);
    }

    public boolean isOnline() {
        return "online".equals(status);
    }
}
