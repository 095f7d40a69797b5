package githubrunner.reactive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import githubrunner.common.MongoUris;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code github-runner consumer --config FILE} needs, written by the unit's manager (YAML,
 * mode 0600: it holds the MongoDB URI, GitHub credentials and the manager's API token; none of them
 * goes on a command line or into the environment). {@link #toString()} shows no secret.
 *
 * @param version the format, {@link #VERSION}; a consumer refuses another
 * @param unit the Juju unit, for log lines and lease owners
 * @param prefix the unit's runner name prefix (the GitHub client wants one; the consumer names no runner)
 * @param mongodb where the queue is
 * @param github the GitHub API, repository or organisation, and credentials: the client settings the manager
 *     makes of its own config ({@code manager/ClientSettings}), so both map the contract the same way
 * @param proxy the model's proxy for GitHub, or null
 * @param manager the unit's manager API on 127.0.0.1
 * @param labels the application's runner labels
 * @param architecture the runners' architecture label ({@code x64}, {@code arm64})
 * @param limits pacing, leases and retries
 * @param logLevel the charm's level name (DEBUG, INFO, WARNING, ERROR)
 */
public record ConsumerConfig(int version, String unit, String prefix, Mongo mongodb, GitHubTarget github,
                             ManagerConfig.Proxy proxy, Manager manager, List<String> labels, String architecture,
                             Limits limits, String logLevel) {
    public static final int VERSION = 1;

    public ConsumerConfig {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** @param database the database holding {@code messages} */
    public record Mongo(Secret uri, String database, String queue) {
        @Override
        public String toString() {
            return "Mongo[uri=" + (uri == null ? null : MongoUris.redact(uri.reveal())) + ", database=" + database
                    + ", queue=" + queue + "]";
        }
    }

    /** The manager's HTTP API: {@code 127.0.0.1:port}, bearer token. */
    public record Manager(int port, Secret apiToken) {}

    /**
     * @param maxInFlight messages one consumer holds at once
     * @param leaseSeconds message, job and runner-request leases; renewed every third of it
     * @param maxAttempts failed attempts before the dead letters
     * @param retryBackoffSeconds wait after the first failed attempt, doubling after each
     * @param maxRetryBackoffSeconds the longest wait between attempts
     * @param maxClaims claims without an outcome before the dead letters
     * @param claimIntervalMillis wait between claims while the queue is empty
     * @param pollMinMillis first wait before a waiting job is checked again
     * @param pollMaxMillis the longest wait between checks while GitHub's budget is healthy
     * @param maxPollFailures failed checks in a row that fail an attempt
     * @param managerOutageSeconds how long an unreachable manager keeps a message here
     */
    public record Limits(int maxInFlight, int leaseSeconds, int maxAttempts, int retryBackoffSeconds,
                         int maxRetryBackoffSeconds, int maxClaims, int claimIntervalMillis, int pollMinMillis,
                         int pollMaxMillis, int maxPollFailures, int managerOutageSeconds) {
        /**
         * 10 messages, 30 s leases, 5 attempts from 60 s apart up to 30 min (as the Python consumer),
         * 10 claims, claims every second like kombu, checks from 10 s growing to 60 s, 5 failed
         * checks, 120 s of manager outage.
         */
        public static Limits defaults() {
            return new Limits(10, 30, 5, 60, 1800, 10, 1000, 10_000, 60_000, 5, 120);
        }

        public ConsumerSettings settings(String queue) {
            return new ConsumerSettings(
                    new QueueOptions(queue, Duration.ofSeconds(leaseSeconds), maxAttempts, Duration.ofSeconds(retryBackoffSeconds),
                            Duration.ofSeconds(maxRetryBackoffSeconds), maxClaims),
                    maxInFlight, Duration.ofMillis(claimIntervalMillis), Duration.ofMillis(pollMinMillis),
                    Duration.ofMillis(pollMaxMillis), maxPollFailures, Duration.ofSeconds(managerOutageSeconds));
        }
    }

    /** The runners' architecture: named by a label (an image tag), else this host's. */
    public static String architectureLabel(List<String> labels, String osArch) {
        for (String label : labels) {
            String name = label.toLowerCase(Locale.ROOT);
            if (name.equals("x64") || name.equals("arm64")) {
                return name;
            }
        }
        return switch (osArch == null ? "" : osArch.toLowerCase(Locale.ROOT)) {
            case "aarch64", "arm64" -> "arm64";
            default -> "x64";
        };
    }

    /** The GitHub path as the URL rules take it. */
    @JsonIgnore
    public GitHubPath githubPath() {
        return github.path();
    }
}
