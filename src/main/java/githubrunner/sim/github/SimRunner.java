package githubrunner.sim.github;

import java.util.List;

/** A registered runner (mutable; guarded by the {@link EmulatorState} lock). */
final class SimRunner {
    final long id;
    final String name;
    final SimScope scope;
    final long groupId;
    final String groupName;
    final List<String> labels;
    final String jitConfig;
    String status = "offline";
    String os = "unknown";
    boolean busy;
    boolean agentStarted;
    Long jobId;

    SimRunner(long id, String name, SimScope scope, long groupId, String groupName, List<String> labels, String jitConfig) {
        this.id = id;
        this.name = name;
        this.scope = scope;
        this.groupId = groupId;
        this.groupName = groupName;
        this.labels = List.copyOf(labels);
        this.jitConfig = jitConfig;
    }

    boolean isIdleOnline() {
        return "online".equals(status) && !busy;
    }

    RunnerView view() {
        return new RunnerView(id, name, scope.toString(), groupId, status, busy, os, labels, agentStarted);
    }
}
