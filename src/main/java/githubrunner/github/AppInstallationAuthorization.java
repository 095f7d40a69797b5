package githubrunner.github;

import githubrunner.common.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.RawApiCall;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub App credentials for github-api: hands out a cached installation token, and exchanges the
 * App's JWT for a new one ({@code POST /app/installations/{id}/access_tokens}) when the cached one
 * is within the refresh margin of its expiry, or when GitHub refused it. The exchange goes through
 * a second github-api instance authenticated by JWT, with its own rate-limit tracking (the App's
 * JWT budget is not the installation's).
 */
final class AppInstallationAuthorization implements AuthorizationProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AppInstallationAuthorization.class);

    private final long installationId;
    private final Clock clock;
    private final Duration refreshMargin;
    private final CallCounters counters;
    private final RateLimitTracker appLimits;
    private GitHub appChannel;
    private Secret token;
    private Instant expiresAt;
    private Exchange lastExchange;

    AppInstallationAuthorization(long installationId, Clock clock, Duration refreshMargin, CallCounters counters) {
        this.installationId = installationId;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.counters = counters;
        this.appLimits = new RateLimitTracker(clock);
    }

    /** The JWT-authenticated github-api instance the exchange goes through. */
    synchronized void useAppChannel(GitHub channel) {
        this.appChannel = channel;
    }

    /** Listener of the App channel's transport; runs on the thread doing the exchange. */
    synchronized void onAppResponse(GitHubConnectorRequest request, Exchange exchange) {
        lastExchange = exchange;
        counters.request(CallKind.INSTALLATION_TOKEN, exchange.status(), exchange.remaining());
        appLimits.observe(CallKind.INSTALLATION_TOKEN, exchange);
    }

    @Override
    public synchronized String getEncodedAuthorization() throws IOException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(refreshMargin))) {
            try {
                refresh(now);
            } catch (GitHubException e) {
                throw new ErrorClassifier.AuthorizationFailure(e);
            }
        }
        return "Bearer " + token.reveal();
    }

    /** GitHub refused a request: if it carried the cached token, drop it so the next request gets a new one. */
    synchronized void onUnauthorized(String sentAuthorization) {
        if (token != null && sentAuthorization != null
                && Secret.of(sentAuthorization).equals(Secret.of("Bearer " + token.reveal()))) {
            token = null;
        }
    }

    private void refresh(Instant now) throws GitHubException {
        String path = "/app/installations/" + installationId + "/access_tokens";
        String what = "POST " + path;
        counters.call(CallKind.INSTALLATION_TOKEN);
        try {
            appLimits.checkOpen(CallKind.INSTALLATION_TOKEN);
            lastExchange = null;
            RawApiCall.Response response;
            try {
                response = RawApiCall.send(appChannel, "POST", path, Map.of());
            } catch (IOException e) {
                throw ErrorClassifier.classify(CallKind.INSTALLATION_TOKEN, what, e, lastExchange, appLimits);
            }
            ResponseParsers.InstallationToken fresh =
                    ResponseParsers.installationToken(JsonFields.parse(response.body(), what), what);
            if (!fresh.expiresAt().isAfter(now)) {
                throw JsonFields.invalid(what, "the installation token is already expired");
            }
            token = fresh.token();
            expiresAt = fresh.expiresAt();
            LOG.info("GitHub App installation {}: new installation token, valid until {}", installationId, expiresAt);
        } catch (GitHubException e) {
            counters.error(CallKind.INSTALLATION_TOKEN, e.kind());
            throw e;
        }
    }
}
