package githubrunner.github;

import java.io.IOException;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's default handlers sleep inside the call until the limit resets (up to an hour) and
 * then retry. The manager must instead get a typed error at once and back off itself, so these
 * handlers only stop the library; {@link ErrorClassifier} reads the response the transport recorded.
 */
final class FailFastLimitHandlers {
    private FailFastLimitHandlers() {}

    static final GitHubRateLimitHandler RATE_LIMIT = new GitHubRateLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new LimitReached(response.statusCode());
        }
    };

    static final GitHubAbuseLimitHandler SECONDARY_LIMIT = new GitHubAbuseLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new LimitReached(response.statusCode());
        }
    };

    /** The library saw a rate-limit answer; the call ends here. */
    static final class LimitReached extends IOException {
        LimitReached(int status) {
            super("GitHub rate limit answer (" + status + ")");
        }
    }
}
