package githubrunner.sim.github;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A workflow job (mutable; guarded by the {@link EmulatorState} lock). */
final class SimJob {
    final long id;
    final long runId;
    final String owner;
    final String repo;
    final String name;
    final List<String> labels;
    final Duration duration;
    final Instant createdAt;
    final String headSha;
    String status = "queued";
    String conclusion;
    Long runnerId;
    String runnerName;
    Long runnerGroupId;
    String runnerGroupName;
    Instant startedAt;
    Instant completedAt;

    SimJob(long id, long runId, String owner, String repo, String name, List<String> labels, Duration duration,
           Instant createdAt, String headSha) {
        this.id = id;
        this.runId = runId;
        this.owner = owner;
        this.repo = repo;
        this.name = name;
        this.labels = List.copyOf(labels);
        this.duration = duration;
        this.createdAt = createdAt;
        this.headSha = headSha;
    }

    JobView view() {
        return new JobView(id, runId, owner, repo, name, labels, status, conclusion, runnerId, runnerName,
                runnerGroupId, runnerGroupName, headSha, createdAt, startedAt, completedAt);
    }
}
