package githubrunner.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answers of the manager's local HTTP API that the charm reads, as both sides type them. JSON
 * with snake_case names; {@code /status/juju} is two text lines, so update-status parses it
 * without a JSON library.
 */
public final class ManagerApi {
    public static final String HEALTH = "/health";
    public static final String STATUS = "/status";
    public static final String JUJU_STATUS = "/status/juju";
    public static final String CHECK = "/runner/check";
    public static final String FLUSH = "/runner/flush";
    public static final String DRAIN = "/runner/drain";
    public static final String METRICS = "/metrics";

    private ManagerApi() {}

    /**
     * {@code GET /runner/check}: runners as GitHub sees them.
     *
     * @param online runners online, busy included
     * @param unknown VMs whose runner GitHub does not know (booting, or already finished)
     * @param runners names of the online runners
     */
    public record RunnerReport(int online, int busy, int offline, int unknown, List<String> runners,
                               List<String> busyRunners, @JsonInclude(JsonInclude.Include.NON_NULL) Queue queue) {
        public RunnerReport(int online, int busy, int offline, int unknown, List<String> runners, List<String> busyRunners) {
            this(online, busy, offline, unknown, runners, busyRunners, null);
        }

        public RunnerReport withQueue(Queue reactive) {
            return new RunnerReport(online, busy, offline, unknown, runners, busyRunners, reactive);
        }
    }

    /**
     * The reactive side of a unit with MongoDB integrated (null without).
     *
     * @param queued messages in the application's queue (waiting or claimed, by any unit), -1 while unknown
     * @param requests this unit's open runner requests (jobs its consumers wait a runner for)
     * @param consumers consumer processes running
     * @param problem why reactive runners are not coming (MongoDB unreachable, consumers crash-looping), or null
     */
    public record Queue(long queued, int requests, int consumers, String problem) {}

    /**
     * {@code POST /runner/flush} and {@code /runner/drain}.
     *
     * @param runners names of the runners removed
     * @param remaining runners left that the request asked to remove (busy ones, or failures after retries)
     */
    public record FlushReport(int flushed, List<String> runners, int remaining) {}

    /** {@code GET /status/juju}: the workload status the manager asks for, as "status\nmessage". */
    public record JujuStatus(String status, String message) {
        public static JujuStatus parse(String body) {
            String[] lines = body.split("\n", 2);
            return new JujuStatus(lines[0].strip(), lines.length > 1 ? lines[1].strip() : "");
        }

        public String format() {
            return status + "\n" + message;
        }
    }
}
