package githubrunner.manager.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection must deliver its whole request (headers and body) within a fixed time of being
 * opened, or it is closed. Jetty's idle timeout alone restarts with every byte, so a client
 * trickling one header byte every few seconds ("slowloris") would keep its connection for good.
 * Connections carry one request each (no keep-alive), so the deadline covers exactly one request;
 * once it is read, the route may take as long as it needs.
 */
final class ReadDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();
    private final AtomicLong expired = new AtomicLong();

    ReadDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), timeoutMillis, TimeUnit.MILLISECONDS));
    }

    /** The connection's request has been read whole: no deadline any more. */
    void met(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        met(connection);
    }

    /** Connections closed because their request did not arrive in time. */
    long expired() {
        return expired.get();
    }

    private void expire(Connection connection) {
        if (pending.remove(connection) != null) {
            expired.incrementAndGet();
            connection.getEndPoint().close();
        }
    }
}
