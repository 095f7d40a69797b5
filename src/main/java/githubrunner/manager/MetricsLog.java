package githubrunner.manager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics event log, {@code /var/log/github-runner-metrics.log}: one JSON object per line,
 * appended, which grafana-agent ships to Loki and the charm's dashboards and alert rules read
 * (Python charm §8.1: {@code timestamp} as float seconds, {@code event}, then the fields).
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    private final Path file;
    private final Clock clock;

    public MetricsLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    void reconciliation(String flavor, ManagerStatus.Counts counts, Duration duration) {
        ObjectNode event = event("reconciliation");
        event.put("flavor", flavor);
        event.put("crashed_runners", 0);
        event.put("idle_runners", counts.idle());
        event.put("active_runners", counts.busy());
        event.put("expected_runners", counts.expected());
        event.put("duration", duration.toMillis() / 1000.0);
        append(event);
    }

    private ObjectNode event(String name) {
        ObjectNode event = JSON.createObjectNode();
        event.put("timestamp", clock.millis() / 1000.0);
        event.put("event", name);
        return event;
    }

    private synchronized void append(ObjectNode event) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(event) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("metrics event not written to {}: {}", file, e.getMessage());
        }
    }
}
