package githubrunner.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import githubrunner.contract.ReactiveApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * The manager's side of {@link ReactiveApi} as a test needs it: checks the bearer token, records
 * every call, keeps the open requests with their leases, and may "create a runner" for a new
 * request (a callback that starts an emulated runner agent).
 */
final class StubManager implements AutoCloseable {
    static final String TOKEN = "manager-api-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    /** One call as the manager saw it. */
    record Call(String method, long jobId, String consumer, JsonNode body, Instant at) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<Long, Instant> open = new LinkedHashMap<>();
    private volatile int capacity = 100;
    private volatile int failWith;
    private volatile LongConsumer onNewRequest = id -> { };
    private volatile LongConsumer onEveryRequest = id -> { };

    StubManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stub-manager");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(ReactiveApi.JOBS_PATH, this::handle);
        server.start();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void capacity(int value) {
        capacity = value;
    }

    /** Answer every call with this status (0: answer normally). */
    void failWith(int status) {
        failWith = status;
    }

    void onNewRequest(LongConsumer action) {
        onNewRequest = action;
    }

    /** Called on every PUT, renewals included: a manager that keeps runners coming while a request is open. */
    void onEveryRequest(LongConsumer action) {
        onEveryRequest = action;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(long jobId) {
        return calls.stream().filter(c -> c.jobId() == jobId).toList();
    }

    synchronized boolean isOpen(long jobId) {
        return open.containsKey(jobId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(auth)) {
                reply(exchange, 401, "{}");
                return;
            }
            if (failWith != 0) {
                reply(exchange, failWith, "{}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String consumer = exchange.getRequestHeaders().getFirst("User-Agent");
            if (path.equals(ReactiveApi.JOBS_PATH) && method.equals("GET")) {
                synchronized (this) {
                    reply(exchange, 200, JSON.writeValueAsString(new ReactiveApi.RequestList(List.copyOf(open.keySet()))));
                }
                return;
            }
            long jobId = Long.parseLong(path.substring(ReactiveApi.JOBS_PATH.length() + 1));
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = body.length == 0 ? null : JSON.readTree(body);
            boolean isNew;
            ReactiveApi.RequestState state;
            synchronized (this) {
                calls.add(new Call(method, jobId, consumer, json, Instant.now()));
                if (method.equals("DELETE")) {
                    open.remove(jobId);
                    reply(exchange, 204, null);
                    return;
                }
                isNew = open.put(jobId, Instant.now().plusSeconds(json.path("lease_seconds").asLong())) == null;
                state = new ReactiveApi.RequestState(jobId, open.size(), capacity);
            }
            if (isNew) {
                onNewRequest.accept(jobId);
            }
            onEveryRequest.accept(jobId);
            reply(exchange, 200, JSON.writeValueAsString(state));
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
