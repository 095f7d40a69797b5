package githubrunner.sim.github;

import java.time.Instant;
import java.util.List;

/**
 * A job as the emulator holds it.
 *
 * @param status {@code queued}, {@code in_progress} or {@code completed}
 * @param conclusion {@code success} once completed, else {@code null}
 * @param runnerId the runner that took it, or {@code null} (likewise the other runner fields)
 * @param startedAt when a runner took it, or {@code null}
 */
public record JobView(long id, long runId, String owner, String repo, String name, List<String> labels, String status,
                      String conclusion, Long runnerId, String runnerName, Long runnerGroupId, String runnerGroupName,
                      String headSha, Instant createdAt, Instant startedAt, Instant completedAt) {}
