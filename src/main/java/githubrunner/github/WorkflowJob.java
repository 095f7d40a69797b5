package githubrunner.github;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workflow job, as far as the manager cares.
 *
 * @param status {@code queued}, {@code in_progress}, {@code completed}, {@code waiting}, {@code requested}
 *     or {@code pending}
 * @param conclusion set once completed ({@code success}, {@code failure}, {@code cancelled}, ...)
 * @param labels the job's {@code runs-on} labels, as written in the workflow
 * @param runnerName the runner that took it, once taken
 * @param url the job's API URL
 */
public record WorkflowJob(
        long id,
        long runId,
        String status,
        Optional<String> conclusion,
        List<String> labels,
        Optional<String> runnerName,
        Optional<Instant> createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> completedAt,
        String url) {
    public WorkflowJob {
        labels = List.copyOf(labels);
    }

    /** A runner has taken the job (it runs or has run). */
    public boolean isPickedUp() {
        return "in_progress".equals(status) || "completed".equals(status);
    }
}
