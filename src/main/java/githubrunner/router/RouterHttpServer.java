package githubrunner.router;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty, set up to face the internet: a small thread pool (reads are asynchronous, so threads are
 * never parked on slow clients), a cap on open connections, an idle
 * timeout shorter than GitHub's 10 s delivery timeout, a minimum upload rate, small header limits
 * and no server version in answers.
 */
final class RouterHttpServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 2000;
    static final int THREADS = 16;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(8);
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A webhook of 1 MiB arrives in well under a second; a client slower than this is dropped. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    private final Server server;
    private final ServerConnector connector;

    RouterHttpServer(String host, int port, Handler handler) {
        // Jetty's own queue stays unbounded (its selectors need it); the work that could pile up, MongoDB
        // writes, has its bounded pool, and open connections are capped.
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 4);
        threads.setName("webhook-router-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(8 * 1024);
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.setAcceptQueueSize(512);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setHandler(handler);
        server.setStopTimeout(5000);
    }

    void start() throws Exception {
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
