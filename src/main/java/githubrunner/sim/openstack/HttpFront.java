package githubrunner.sim.openstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler in front of all emulated services: logs the request, lets the fault
 * injector act, checks the token, routes to the service and writes the answer.
 */
final class HttpFront implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final int MAX_BODY = 1 << 20;

    private final Clock clock;
    private final IdentityStore identity;
    private final FaultInjector faults;
    private final RequestLog log;
    private final List<Route> routes;
    private final AtomicLong sequence = new AtomicLong();

    HttpFront(Clock clock, IdentityStore identity, FaultInjector faults, RequestLog log, List<Route> routes) {
        this.clock = clock;
        this.identity = identity;
        this.faults = faults;
        this.log = log;
        this.routes = routes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        RecordedRequest entry = new RecordedRequest(sequence.incrementAndGet(), clock.instant(), method, path,
                query == null ? "" : query, RecordedRequest.PENDING, null, null);
        log.arrived(entry);
        Service service = Service.forPath(path);
        Optional<Fault> fault = faults.pick(method, path);
        String faultText = fault.map(Fault::toString).orElse(null);
        SimRequest request = null;
        boolean logged = false;
        try {
            request = new SimRequest(method, path, query, headers(exchange), readBody(exchange.getRequestBody()));
            request.subject(request.peekSubject());
            log.arrived(entry.completed(RecordedRequest.PENDING, faultText, request.subject()));
            if (fault.isPresent()) {
                Fault f = fault.get();
                switch (f.kind()) {
                    case STATUS -> {
                        log.completed(entry.completed(f.status(), faultText, request.subject()));
                        logged = true;
                        send(exchange, path, Errors.injected(service, f.status()));
                        return;
                    }
                    case DROP_CONNECTION -> {
                        log.completed(entry.completed(RecordedRequest.DROPPED, faultText, request.subject()));
                        logged = true;
                        exchange.close(); // no response headers sent: the server closes the connection
                        return;
                    }
                    case REPLY -> {
                        log.completed(entry.completed(f.status(), faultText, request.subject()));
                        logged = true;
                        Map<String, String> headers = new HashMap<>();
                        headers.put("Content-Type", "application/json");
                        send(exchange, path, new SimReply(f.status(), headers,
                                f.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        return;
                    }
                    case DELAY -> sleep(f);
                    case BOOT_ERROR -> request.bootFails(true);
                    default -> { }
                }
            }
            SimReply reply = dispatch(service, request);
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW_RESPONSE) {
                sleep(fault.get());
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.DROP_RESPONSE) {
                log.completed(entry.completed(RecordedRequest.DROPPED, faultText, request.subject()));
                logged = true;
                exchange.close();
                return;
            }
            // Logged before the answer goes out, so a client that has its answer sees the entry complete.
            log.completed(entry.completed(reply.status(), faultText, request.subject()));
            logged = true;
            send(exchange, path, reply);
        } catch (IOException | RuntimeException e) {
            // A client that gave up (timeout) makes the late write fail; that is expected under faults.
            LOG.debug("request {} {} ended with {}", method, path, e.toString());
            if (!logged) {
                log.completed(entry.completed(RecordedRequest.DROPPED, faultText, request == null ? null : request.subject()));
            }
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!logged) {
                log.completed(entry.completed(RecordedRequest.DROPPED, faultText, null));
            }
            exchange.close();
        }
    }

    private SimReply dispatch(Service service, SimRequest request) throws IOException {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.match(request.path());
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(request.method())) {
                continue;
            }
            if (route.authenticated() && !identity.valid(request.header("x-auth-token").orElse(null))) {
                return Errors.unauthorized();
            }
            request.matched(matcher);
            try {
                return route.handler().handle(request);
            } catch (ApiError e) {
                return service.error(e);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return service.error(new ApiError(400, "HTTPBadRequest", "Malformed request body"));
            } catch (RuntimeException e) {
                // An emulator bug: answer like a service with an unexpected error, and say so in the log.
                LOG.warn("emulator failed on {} {}", request.method(), request.path(), e);
                return service.error(new ApiError(500, "HTTPInternalServerError", "Unexpected API Error: " + e));
            }
        }
        return pathKnown ? service.error(new ApiError(405, "HTTPMethodNotAllowed", "The method is not allowed for the requested URL."))
                : service.error(new ApiError(404, "HTTPNotFound", "The resource could not be found."));
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(), values.get(0));
            }
        });
        return headers;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static void send(HttpExchange exchange, String path, SimReply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (path.startsWith(Service.NOVA.prefix())) {
            // As real Nova: the microversion of every answer (v2.1 only here), JSON even when empty.
            exchange.getResponseHeaders().set("OpenStack-API-Version", "compute 2.1");
            exchange.getResponseHeaders().set("X-OpenStack-Nova-API-Version", "2.1");
            exchange.getResponseHeaders().set("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
            if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            }
        }
        exchange.getResponseHeaders().set("x-openstack-request-id", "req-" + UUID.randomUUID());
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void sleep(Fault fault) throws InterruptedException {
        Thread.sleep(fault.duration().toMillis());
    }
}
