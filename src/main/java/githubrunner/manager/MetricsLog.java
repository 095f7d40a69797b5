package githubrunner.manager;

import githubrunner.metrics.EventLog;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The manager's handle on the metrics event log ({@link EventLog}) and the clock its events are
 * stamped with. Kept so that ManagerMain builds it as before; the writer lives in metrics/.
 */
public final class MetricsLog {
    private final EventLog log;
    private final Clock clock;

    public MetricsLog(Path file, Clock clock) {
        this.log = new EventLog(file);
        this.clock = clock;
    }

    EventLog log() {
        return log;
    }

    Clock clock() {
        return clock;
    }
}
