package githubrunner.github;

import githubrunner.common.InstanceName;
import githubrunner.common.RetryBudget;
import githubrunner.common.Secret;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** A GitHub emulator on loopback with a repository and an organisation, and clients pointed at it. */
final class EmulatedGitHub implements AutoCloseable {
    static final String TOKEN = "ghp_contractTestToken0123456789abcdef";
    static final String PREFIX = "unit-0";
    static final String OWNER = "octo";
    static final String REPO = "repo";
    static final String ORG = "octo-org";

    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    final GitHubEmulator emulator;

    EmulatedGitHub() throws IOException {
        emulator = GitHubEmulator.builder().clock(clock).start();
        emulator.addToken(TOKEN).addRepository(OWNER, REPO).addOrganisation(ORG);
    }

    GitHubClient repoClient() {
        return client(GitHubPath.repository(OWNER, REPO), pat(TOKEN));
    }

    GitHubClient orgClient(String group) {
        return client(GitHubPath.organisation(ORG, group), pat(TOKEN));
    }

    GitHubClient client(GitHubPath path, GitHubAuth auth) {
        return client(path, auth, options(), PREFIX);
    }

    GitHubClient client(GitHubPath path, GitHubAuth auth, GitHubClientOptions options,
                        String prefix) {
        return GitHubClient.create(new GitHubTarget(emulator.url(), path, auth), prefix, options);
    }

    /** The default retry budget in attempts and total time, with pauses short enough for tests. */
    static final RetryBudget TEST_RETRY = new RetryBudget(GitHubClientOptions.DEFAULT_RETRY.maxAttempts(),
            Duration.ofMillis(2), Duration.ofMillis(20), GitHubClientOptions.DEFAULT_RETRY.maxTotal());

    GitHubClientOptions options() {
        return GitHubClientOptions.defaults().withClock(clock).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .withRetry(TEST_RETRY);
    }

    static GitHubAuth pat(String token) {
        return GitHubAuth.token(Secret.of(token));
    }

    static String newName() {
        return InstanceName.generate(PREFIX).value();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
