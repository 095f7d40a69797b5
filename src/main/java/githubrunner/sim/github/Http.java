package githubrunner.sim.github;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Reading requests from and writing replies to the JDK HTTP server. */
final class Http {
    private Http() {}

    /**
     * A request as the emulator's handlers see it.
     *
     * @param ifNoneMatch the {@code If-None-Match} header, or {@code null}
     */
    record Incoming(String method, String path, String rawQuery, Map<String, String> query, String authorization,
                    String ifNoneMatch, byte[] body) {}

    static Incoming read(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                query.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        return new Incoming(exchange.getRequestMethod(), uri.getPath(), rawQuery, query,
                exchange.getRequestHeaders().getFirst("Authorization"),
                joined(exchange.getRequestHeaders().get("If-None-Match")), body);
    }

    /** A header sent several times is one comma-separated list (RFC 9110); {@code null} if absent. */
    private static String joined(java.util.List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("content-type", "application/json; charset=utf-8");
        headers.set("x-github-api-version-selected", "2022-11-28");
        headers.set("x-github-request-id", UUID.randomUUID().toString());
        reply.headers().forEach(headers::set);
        byte[] body = reply.body();
        boolean empty = body.length == 0 || reply.status() == 204 || reply.status() == 304;
        exchange.sendResponseHeaders(reply.status(), empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
