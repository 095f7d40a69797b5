package githubrunner.sim.github;

import java.util.List;

/**
 * A runner as the emulator holds it.
 *
 * @param scope {@code owner/repo} or the organisation name
 * @param os {@code unknown} until the runner process connects, then {@code linux}
 * @param agentStarted whether a (simulated) runner process has used its JIT config
 */
public record RunnerView(long id, String name, String scope, long groupId, String status, boolean busy,
                         String os, List<String> labels, boolean agentStarted) {}
