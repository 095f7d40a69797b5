package githubrunner.manager.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import githubrunner.contract.ManagerApi;
import githubrunner.manager.ManagerOperations;
import githubrunner.manager.ManagerStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's HTTP API, on 127.0.0.1 only (the charm and the local metrics scraper call it):
 * {@code GET /health}, {@code GET /status} (JSON), {@code GET /status/juju} (two lines: Juju
 * status, message), {@code GET /runner/check}, {@code POST /runner/flush?flush-busy=true|false},
 * {@code POST /runner/drain?flush-busy=...} (no more runners from this manager, then a flush:
 * before it is replaced or the unit stops), {@code GET /metrics} (Prometheus text format).
 */
public final class ManagerHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Writes the Prometheus exposition of all metrics. */
    public interface MetricsWriter {
        void write(OutputStream out) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    public ManagerHttpApi(int port, Supplier<ManagerStatus.Snapshot> status, ManagerOperations operations,
                          MetricsWriter metrics) throws IOException {
        // The JDK server writes headers and body separately; with Nagle's algorithm every answer
        // would then wait ~40 ms for the delayed ACK on loopback.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "http-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, status, operations, metrics));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, Supplier<ManagerStatus.Snapshot> status, ManagerOperations operations,
                        MetricsWriter metrics) {
        try {
            URI uri = exchange.getRequestURI();
            String route = exchange.getRequestMethod() + " " + uri.getPath();
            switch (route) {
                case "GET /health" -> send(exchange, 204, null, new byte[0]);
                case "GET /status" -> json(exchange, 200, status.get());
                case "GET /status/juju" -> {
                    String[] juju = status.get().juju(Instant.now());
                    send(exchange, 200, "text/plain; charset=utf-8",
                            new ManagerApi.JujuStatus(juju[0], juju[1]).format().getBytes(StandardCharsets.UTF_8));
                }
                case "GET /runner/check" -> json(exchange, 200, operations.checkRunners());
                case "POST /runner/flush", "POST /runner/drain" -> {
                    String busy = queryValue(uri, "flush-busy");
                    if (busy != null && !busy.equalsIgnoreCase("true") && !busy.equalsIgnoreCase("false")) {
                        send(exchange, 400, "text/plain", "flush-busy must be true or false".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    boolean flushBusy = Boolean.parseBoolean(busy);
                    if (uri.getPath().endsWith("drain")) {
                        Duration duration = drainDuration(queryValue(uri, "for"));
                        if (duration == null) {
                            send(exchange, 400, "text/plain", ("for must be 1 to " + MAX_DRAIN.toSeconds() + " seconds")
                                    .getBytes(StandardCharsets.UTF_8));
                            return;
                        }
                        json(exchange, 200, operations.drain(flushBusy, drainReason(queryValue(uri, "reason")), duration));
                    } else {
                        json(exchange, 200, operations.flush(flushBusy));
                    }
                }
                case "GET /metrics" -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    metrics.write(body);
                    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", body.toByteArray());
                }
                default -> {
                    boolean known = Map.of("/health", 1, "/status", 1, "/status/juju", 1, "/runner/check", 1,
                            "/runner/flush", 1, "/runner/drain", 1, "/metrics", 1).containsKey(uri.getPath());
                    send(exchange, known ? 405 : 404, "text/plain",
                            (known ? "method not allowed" : "not found").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (Exception e) {
            // The error answer must go out before the exchange is closed (finally below).
            LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
            try {
                send(exchange, 500, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client has gone
            }
        } finally {
            exchange.close();
        }
    }

    /** A drain lasts this long unless the request says otherwise. */
    static final Duration DEFAULT_DRAIN = Duration.ofMinutes(10);
    static final Duration MAX_DRAIN = Duration.ofHours(1);

    private static Duration drainDuration(String seconds) {
        if (seconds == null) {
            return DEFAULT_DRAIN;
        }
        try {
            long value = Long.parseLong(seconds);
            return value >= 1 && value <= MAX_DRAIN.toSeconds() ? Duration.ofSeconds(value) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The caller's reason, shown in juju status: short, printable. */
    private static String drainReason(String raw) {
        if (raw == null || raw.isBlank()) {
            return "asked by the charm";
        }
        String decoded = java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
        return decoded.length() > 80 ? decoded.substring(0, 80) : decoded;
    }

    private static String queryValue(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return parts.length > 1 ? parts[1] : "";
            }
        }
        return null;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
