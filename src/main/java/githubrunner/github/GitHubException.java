package githubrunner.github;

import java.time.Instant;

/**
 * Why a GitHub operation failed, typed so the manager can react: stop and report (invalid token,
 * missing permission, unknown runner group), back off until a time (rate limited), or retry later
 * (server error, timeout, transport). Messages name the operation and path, never a credential.
 */
public abstract sealed class GitHubException extends Exception {
    /** The error types, as counted in {@link GitHubStats}. */
    public enum Kind {
        INVALID_TOKEN,
        MISSING_PERMISSION,
        RATE_LIMITED,
        NOT_FOUND,
        REJECTED,
        SERVER_ERROR,
        TIMEOUT,
        TRANSPORT,
        INVALID_RESPONSE,
        UNKNOWN_RUNNER_GROUP
    }

    private GitHubException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract Kind kind();

    /** 401: the token (or the App's key, or an installation token) is not accepted. */
    public static final class InvalidToken extends GitHubException {
        public InvalidToken(String message) {
            super(message, null);
        }

        @Override
        public Kind kind() {
            return Kind.INVALID_TOKEN;
        }
    }

    /** 403 without any rate-limit sign: the token lacks a permission (e.g. administration). */
    public static final class MissingPermission extends GitHubException {
        public MissingPermission(String message) {
            super(message, null);
        }

        @Override
        public Kind kind() {
            return Kind.MISSING_PERMISSION;
        }
    }

    /**
     * A primary or secondary rate limit: no call of this kind is made before {@link #until()}.
     *
     * @param resource the primary budget that ran out ({@code core}, ...), or {@code null} for a
     *     secondary limit, which applies to every call
     */
    public static final class RateLimited extends GitHubException {
        private final Instant until;
        private final String resource;

        public RateLimited(String message, Instant until, String resource) {
            super(message + "; calls resume at " + until, null);
            this.until = until;
            this.resource = resource;
        }

        public Instant until() {
            return until;
        }

        public boolean isSecondary() {
            return resource == null;
        }

        /** The exhausted primary budget, or {@code null} for a secondary limit. */
        public String resource() {
            return resource;
        }

        @Override
        public Kind kind() {
            return Kind.RATE_LIMITED;
        }
    }

    /** 404: the repository, organisation, runner or job does not exist or is not visible to the token. */
    public static final class NotFound extends GitHubException {
        public NotFound(String message) {
            super(message, null);
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** Another 4xx answer: the request was refused (409 name taken, 422 busy or invalid, ...). */
    public static final class Rejected extends GitHubException {
        private final int status;

        public Rejected(String message, int status) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }

        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }
    }

    /** 5xx: GitHub failed; worth retrying later. */
    public static final class ServerError extends GitHubException {
        private final int status;

        public ServerError(String message, int status) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }

        @Override
        public Kind kind() {
            return Kind.SERVER_ERROR;
        }
    }

    /** No complete answer within the configured request timeout. */
    public static final class Timeout extends GitHubException {
        public Timeout(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public Kind kind() {
            return Kind.TIMEOUT;
        }
    }

    /** The connection failed (refused, reset, closed without an answer, interrupted). */
    public static final class Transport extends GitHubException {
        public Transport(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public Kind kind() {
            return Kind.TRANSPORT;
        }
    }

    /** An answer that is not what the API documents (not JSON, a field missing or of the wrong type). */
    public static final class InvalidResponse extends GitHubException {
        public InvalidResponse(String message) {
            super(message, null);
        }

        @Override
        public Kind kind() {
            return Kind.INVALID_RESPONSE;
        }
    }

    /** The organisation has no runner group of the configured name. */
    public static final class UnknownRunnerGroup extends GitHubException {
        private final String group;

        public UnknownRunnerGroup(String organisation, String group) {
            super("organisation " + organisation + " has no runner group named '" + group + "'", null);
            this.group = group;
        }

        public String group() {
            return group;
        }

        @Override
        public Kind kind() {
            return Kind.UNKNOWN_RUNNER_GROUP;
        }
    }
}
