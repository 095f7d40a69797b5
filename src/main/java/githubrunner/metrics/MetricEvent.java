package githubrunner.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the metrics event log, with exactly the fields, order and units of the Python
 * charm (reference/upstream-charm.md §8.1): {@code timestamp} (float UNIX seconds), {@code event},
 * then the event's fields; absent optional fields are left out, as pydantic's exclude_none does.
 */
public final class MetricEvent {
    public static final String RUNNER_INSTALLED = "runner_installed";
    public static final String RUNNER_START = "runner_start";
    public static final String RUNNER_STOP = "runner_stop";
    public static final String RECONCILIATION = "reconciliation";

    private final ObjectNode json;

    private MetricEvent(String event, Instant timestamp) {
        json = EventLog.JSON.createObjectNode();
        putFloat(json, "timestamp", seconds(timestamp));
        json.put("event", event);
    }

    /** The VM finished booting: {@code duration} seconds from its creation to the runner's install. */
    public static MetricEvent runnerInstalled(Instant timestamp, String flavor, double duration) {
        MetricEvent event = new MetricEvent(RUNNER_INSTALLED, timestamp);
        event.json.put("flavor", flavor);
        putFloat(event.json, "duration", duration);
        return event;
    }

    /** A job started: {@code idle} seconds after the install, {@code queueDuration} seconds after it was queued. */
    public static MetricEvent runnerStart(Instant timestamp, String flavor, String workflow, String repo,
                                          String githubEvent, double idle, Optional<Double> queueDuration) {
        MetricEvent event = new MetricEvent(RUNNER_START, timestamp);
        event.json.put("flavor", flavor);
        event.json.put("workflow", workflow);
        event.json.put("repo", repo);
        event.json.put("github_event", githubEvent);
        putFloat(event.json, "idle", idle);
        queueDuration.ifPresent(seconds -> putFloat(event.json, "queue_duration", seconds));
        return event;
    }

    /** The job ended ({@code status} from the VM's post-job file). */
    public static MetricEvent runnerStop(Instant timestamp, String flavor, String workflow, String repo,
                                         String githubEvent, String status, Optional<Integer> statusCode,
                                         double jobDuration, Optional<String> jobConclusion) {
        MetricEvent event = new MetricEvent(RUNNER_STOP, timestamp);
        event.json.put("flavor", flavor);
        event.json.put("workflow", workflow);
        event.json.put("repo", repo);
        event.json.put("github_event", githubEvent);
        event.json.put("status", status);
        statusCode.ifPresent(code -> event.json.putObject("status_info").put("code", code));
        putFloat(event.json, "job_duration", jobDuration);
        jobConclusion.ifPresent(conclusion -> event.json.put("job_conclusion", conclusion));
        return event;
    }

    /** The end of a full reconcile. */
    public static MetricEvent reconciliation(Instant timestamp, String flavor, int crashedRunners, int idleRunners,
                                             int activeRunners, int expectedRunners, double duration) {
        MetricEvent event = new MetricEvent(RECONCILIATION, timestamp);
        event.json.put("flavor", flavor);
        event.json.put("crashed_runners", crashedRunners);
        event.json.put("idle_runners", idleRunners);
        event.json.put("active_runners", activeRunners);
        event.json.put("expected_runners", expectedRunners);
        putFloat(event.json, "duration", duration);
        return event;
    }

    public String name() {
        return json.path("event").asText();
    }

    ObjectNode json() {
        return json.deepCopy();
    }

    /** The line as written, without the newline. */
    @Override
    public String toString() {
        return json.toString();
    }

    /**
     * A float as Python's json module writes it: {@code 95.0}, {@code 1767225600.5}, never
     * {@code 1.7672256E9}, so lines read the same as the Python charm's.
     */
    static void putFloat(ObjectNode json, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " is not a finite number: " + value);
        }
        String plain = new BigDecimal(Double.toString(value)).toPlainString();
        json.putRawValue(field, new RawValue(plain.contains(".") ? plain : plain + ".0"));
    }

    static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
