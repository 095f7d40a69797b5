package githubrunner.manager.http;

import githubrunner.common.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's HTTP API on 127.0.0.1 (Jetty, core handlers): the routes of a {@link Routes}
 * table, those marked {@link Routes.Access#TOKEN} only for callers with the unit's bearer token.
 *
 * <p>Built to stay up with hostile local clients: connections are served by a selector, so slow
 * ones hold no thread; each must deliver its request within {@link Limits#requestReadTimeout}
 * ({@link ReadDeadline}); request line and headers, bodies and the number of connections are
 * bounded; one request per connection (the charm speaks HTTP/1.0 and closes anyway).
 */
public final class ManagerHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerHttpApi.class);

    /**
     * @param requestReadTimeout from the connection's opening to its request read whole
     * @param idleTimeout a connection with no progress either way is closed (a client not reading its answer)
     * @param maxHeaderBytes request line and headers together (431 beyond)
     * @param maxBodyBytes request body (413 beyond)
     * @param maxConnections connections open at once; beyond, new ones wait in the accept queue
     * @param workers threads running routes (a flush holds one while it waits for the reconcile lock)
     * @param acceptQueue the listen backlog
     */
    public record Limits(Duration requestReadTimeout, Duration idleTimeout, int maxHeaderBytes, int maxBodyBytes,
                         int maxConnections, int workers, int acceptQueue) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 8 * 1024, 64 * 1024, 1024, 16, 512);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final ReadDeadline deadline;

    public ManagerHttpApi(int port, Secret token, Routes routes) {
        this(port, token, routes, Limits.defaults());
    }

    public ManagerHttpApi(int port, Secret token, Routes routes, Limits limits) {
        // Two threads go to the acceptor and the selector; the rest run routes.
        QueuedThreadPool threads = new QueuedThreadPool(limits.workers() + 2, 2);
        threads.setName("http-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setPersistentConnectionsEnabled(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(limits.acceptQueue());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // Answers go out in one write, but a small request or answer must never wait for a delayed ACK.
        connector.setAcceptedTcpNoDelay(true);
        deadline = new ReadDeadline(server.getScheduler(), limits.requestReadTimeout());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Dispatch(routes, new BearerToken(token), limits.maxBodyBytes(), deadline));
        server.setErrorHandler(new PlainErrors());
        server.setStopTimeout(1000);
    }

    /** Binds 127.0.0.1:port and starts serving. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("HTTP API did not start: " + e, e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Connections closed so far because their request did not arrive in time. */
    public long expiredConnections() {
        return deadline.expired();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP API did not stop cleanly: {}", e.toString());
        }
    }

    /** Route lookup, authorisation, body, then the route on a worker thread. */
    private static final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract {
        private final Routes routes;
        private final BearerToken token;
        private final int maxBodyBytes;
        private final ReadDeadline deadline;

        Dispatch(Routes routes, BearerToken token, int maxBodyBytes, ReadDeadline deadline) {
            this.routes = routes;
            this.token = token;
            this.maxBodyBytes = maxBodyBytes;
            this.deadline = deadline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Connection connection = request.getConnectionMetaData().getConnection();
            String method = request.getMethod();
            String path = Request.getPathInContext(request);
            Routes.Lookup lookup = routes.find(method, path);
            if (lookup instanceof Routes.NotFound) {
                return send(response, callback, Answer.text(404, "not found"));
            }
            if (lookup instanceof Routes.MethodNotAllowed notAllowed) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", notAllowed.allowed()));
                return send(response, callback, Answer.text(405, "method not allowed"));
            }
            Routes.Found found = (Routes.Found) lookup;
            if (found.entry().access() == Routes.Access.TOKEN) {
                // Refused before the body is read: a caller without the token costs no worker and no buffer.
                BearerToken.Verdict verdict = token.check(request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION));
                if (verdict != BearerToken.Verdict.ACCEPTED) {
                    if (verdict.status == 401) {
                        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"github-runner-manager\"");
                    }
                    return send(response, callback, Answer.text(verdict.status, verdict.reason));
                }
            }
            long length = request.getLength();
            boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
            if (length > maxBodyBytes) {
                return send(response, callback, Answer.text(413, "request body over " + maxBodyBytes + " bytes"));
            }
            if (length <= 0 && !chunked) {
                deadline.met(connection);
                run(found, request, response, callback, new byte[0]);
                return true;
            }
            Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, failure) -> {
                if (failure != null) {
                    // Over the limit (chunked), or the connection failed or hit its read deadline.
                    send(response, callback, Answer.text(413, "request body unreadable or over " + maxBodyBytes + " bytes"));
                    return;
                }
                deadline.met(connection);
                // The body may complete on the selector thread; routes block, so they run on a worker.
                getServer().getThreadPool().execute(() -> run(found, request, response, callback, body));
            });
            return true;
        }

        private void run(Routes.Found found, Request request, Response response, Callback callback, byte[] body) {
            Map<String, String> query;
            try {
                query = query(request);
            } catch (IllegalArgumentException e) {
                send(response, callback, Answer.text(400, "malformed query string"));
                return;
            }
            Answer answer;
            try {
                answer = found.entry().route().handle(new ApiRequest(request.getMethod(), Request.getPathInContext(request),
                        found.params(), query, body));
            } catch (ApiRequest.BadRequest e) {
                answer = Answer.text(400, e.getMessage());
            } catch (Exception e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("{} {} failed: {}", request.getMethod(), Request.getPathInContext(request), cause.toString());
                answer = Answer.text(500, String.valueOf(cause.getMessage()));
            }
            send(response, callback, answer);
        }

        private static Map<String, String> query(Request request) {
            Map<String, String> query = new LinkedHashMap<>();
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValue());
            }
            return query;
        }

        private static boolean send(Response response, Callback callback, Answer answer) {
            response.setStatus(answer.status());
            if (answer.contentType() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            }
            if (answer.body().length > 0 || answer.status() != 204) {
                response.getHeaders().put(new HttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(answer.body().length)));
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return true;
        }
    }

    /** Jetty's own refusals (431 headers too large, 400 bad request, ...) as one short plain-text line. */
    private static final class PlainErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            byte[] body = (status + " " + HttpStatus.getMessage(status)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Answer.TEXT);
            response.getHeaders().put(new HttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length)));
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
