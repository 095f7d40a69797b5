package githubrunner.github;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Turns a failed github-api call into a {@link GitHubException}, from the last response the
 * transport saw for it rather than from the library's exception types, which differ by status and
 * version. The library's exception is kept as the cause only for failures without a response.
 */
final class ErrorClassifier {
    private ErrorClassifier() {}

    /**
     * @param what the operation and path, for the message (e.g. {@code GET /repos/o/r/actions/runners})
     * @param last the last response received for this call, or {@code null} if none arrived
     * @param rateLimits records a rate limit and says until when calls stop
     */
    static GitHubException classify(CallKind kind, String what, IOException error, Exchange last,
                                    RateLimitTracker rateLimits) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationFailure failure) {
                return failure.reason();
            }
            if (cause instanceof HttpTransport.TransportFailure failure) {
                return failure.reason() == HttpTransport.TransportFailure.Reason.TIMEOUT
                        ? new GitHubException.Timeout("GitHub did not answer " + what + ": " + failure.getMessage(),
                                failure)
                        : new GitHubException.Transport("cannot reach GitHub for " + what + ": " + failure.getMessage(),
                                failure);
            }
            if (cause instanceof InterruptedIOException) {
                return new GitHubException.Transport("interrupted during " + what, cause);
            }
        }
        if (last == null || last.status() < 400) {
            return new GitHubException.Transport("GitHub call " + what + " failed without an error response ("
                    + error.getClass().getSimpleName() + ")", error);
        }
        return fromResponse(kind, what, last, rateLimits);
    }

    static GitHubException fromResponse(CallKind kind, String what, Exchange last, RateLimitTracker rateLimits) {
        int status = last.status();
        String detail = " (" + status + (last.message().isEmpty() ? "" : ": " + last.message()) + ")";
        if (status == 401) {
            return new GitHubException.InvalidToken("GitHub refused the credentials for " + what + detail);
        }
        if (RateLimitTracker.isRateLimited(last)) {
            return rateLimits.limitHit(kind, what, last);
        }
        if (status == 403) {
            return new GitHubException.MissingPermission("the GitHub credentials lack a permission for " + what + detail);
        }
        if (status == 404) {
            return new GitHubException.NotFound("GitHub found nothing at " + what + detail);
        }
        if (status >= 500) {
            return new GitHubException.ServerError("GitHub failed on " + what + detail, status);
        }
        return new GitHubException.Rejected("GitHub refused " + what + detail, status);
    }

    /**
     * Carries a typed failure of the GitHub App token exchange through github-api's
     * {@code AuthorizationProvider}, which may only throw {@code IOException}.
     */
    static final class AuthorizationFailure extends IOException {
        private final GitHubException reason;

        AuthorizationFailure(GitHubException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }

        GitHubException reason() {
            return reason;
        }
    }
}
