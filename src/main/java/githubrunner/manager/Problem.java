package githubrunner.manager;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Why the manager cannot keep the runners it should, as the operator needs to read it in
 * {@code juju status}. Problems the operator must fix are "blocked"; ones that pass by themselves
 * (a rate limit, a full quota, an API outage) are "waiting".
 *
 * @param until when the problem is expected to end (rate-limit reset), or null
 */
public record Problem(Kind kind, String message, Instant since, Instant until) {
    public enum Kind {
        GITHUB_RATE_LIMITED(false),
        GITHUB_TOKEN_INVALID(true),
        GITHUB_PERMISSION_MISSING(true),
        /** The repository, organisation or runner group cannot be found (or seen with this token). */
        GITHUB_PATH_NOT_FOUND(true),
        GITHUB_UNAVAILABLE(false),
        OPENSTACK_AUTH_FAILED(true),
        OPENSTACK_QUOTA_EXCEEDED(false),
        OPENSTACK_RESOURCE_MISSING(true),
        OPENSTACK_UNAVAILABLE(false),
        RUNNER_CREATION_FAILING(false);

        private final boolean needsOperator;

        Kind(boolean needsOperator) {
            this.needsOperator = needsOperator;
        }

        /** The Juju workload status this problem shows as. */
        public String jujuStatus() {
            return needsOperator ? "blocked" : "waiting";
        }
    }

    /** A problem that will not pass within seconds: retrying at once only wastes calls. */
    public boolean isPersistent() {
        return kind.needsOperator || kind == Kind.OPENSTACK_QUOTA_EXCEEDED || kind == Kind.RUNNER_CREATION_FAILING;
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The one-line text for juju status. */
    public String summary() {
        return until == null ? message : message + " until " + CLOCK.format(until);
    }
}
