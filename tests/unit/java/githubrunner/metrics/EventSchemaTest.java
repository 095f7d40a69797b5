package githubrunner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import githubrunner.testing.EventSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the writer emits conforms to the committed schema, and the schema is strict enough to catch a slip. */
class EventSchemaTest {
    private static final Instant T = Instant.ofEpochSecond(1767225600);

    @Test
    void everyEventTheWriterCanMakeConforms() {
        for (MetricEvent event : List.of(
                MetricEvent.runnerInstalled(T, "small", 95),
                MetricEvent.runnerStart(T, "small", "CI", "org/app", "pull_request", 300, Optional.of(4.0)),
                MetricEvent.runnerStart(T, "small", "CI", "org/app", "push", 0, Optional.empty()),
                MetricEvent.runnerStop(T, "small", "CI", "org/app", "push", "abnormal", Optional.of(1), 600,
                        Optional.of("failure")),
                MetricEvent.runnerStop(T, "small", "CI", "org/app", "push", "normal", Optional.empty(), 0, Optional.empty()),
                MetricEvent.reconciliation(T, "small", 0, 2, 1, 3, 41.2))) {
            assertEquals(List.of(), EventSchema.problems(event.toString()), event.toString());
        }
    }

    @Test
    void theSchemaRefusesNullsExtrasAndWrongUnits() {
        for (String line : List.of(
                "{\"timestamp\":1.0,\"event\":\"runner_start\",\"flavor\":\"s\",\"workflow\":\"w\",\"repo\":\"o/r\","
                        + "\"github_event\":\"push\",\"idle\":1.0,\"queue_duration\":null}",
                "{\"timestamp\":1.0,\"event\":\"runner_installed\",\"flavor\":\"s\",\"duration\":1.0,\"extra\":1}",
                "{\"timestamp\":\"2026-01-01\",\"event\":\"runner_installed\",\"flavor\":\"s\",\"duration\":1.0}",
                "{\"timestamp\":1.0,\"event\":\"reconciliation\",\"flavor\":\"s\",\"crashed_runners\":0.5,"
                        + "\"idle_runners\":1,\"active_runners\":1,\"expected_runners\":1,\"duration\":1.0}",
                "{\"timestamp\":1.0,\"event\":\"runner_stopped\",\"flavor\":\"s\",\"duration\":1.0}")) {
            assertFalse(EventSchema.problems(line).isEmpty(), line);
        }
    }
}
