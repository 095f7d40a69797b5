package githubrunner.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics event log, {@code /var/log/github-runner-metrics.log}: one JSON object per line,
 * appended, which grafana-agent (or the otel collector) tails from {@code /var/log/**}{@code /*log}
 * and ships to Loki, where the charm's dashboards and alert rules read it. A line is written in
 * one {@code write} on an {@code O_APPEND} descriptor, so concurrent writers never interleave.
 * Failures are logged, never thrown: metrics must not stop the manager.
 */
public final class EventLog {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(MetricEvent event) {
        append(event.json());
    }

    synchronized void append(ObjectNode event) {
        try {
            byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            createIfMissing();
            Files.write(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("metrics event not written to {}: {}", file, e.getMessage());
        }
    }

    /** Readable by its owner and group only (repository names of private repositories are in it); root reads it. */
    private void createIfMissing() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (FileAlreadyExistsException raced) {
            // another writer made it
        }
    }
}
