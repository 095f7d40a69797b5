package githubrunner.github;

import githubrunner.common.Secret;

/**
 * A just-in-time runner registration: GitHub has registered the runner (offline until it starts)
 * and {@code encodedConfig} is what {@code run.sh --jitconfig} needs. The config is single use and
 * lets anyone holding it run jobs as this runner, so it is a {@link Secret}.
 */
public record JitConfig(long runnerId, String runnerName, Secret encodedConfig) {}
