package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/** One HTTP request as the emulated services see it. */
final class SimRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private Matcher pathMatch;
    private String subject;
    private boolean bootFails;

    SimRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.body = body;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** First value of a query parameter. */
    Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    Map<String, List<String>> params() {
        return query;
    }

    /** Header by lower-case name. */
    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    byte[] body() {
        return body;
    }

    /** The body as JSON, or a missing node when it is empty. */
    JsonNode json() throws IOException {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        return JsonNodes.MAPPER.readTree(body);
    }

    void matched(Matcher matcher) {
        this.pathMatch = matcher;
    }

    /** A named group of the route's path pattern, URL-decoded. */
    String pathParam(String group) {
        return URLDecoder.decode(pathMatch.group(group), StandardCharsets.UTF_8);
    }

    /** Names what the request creates, for the request log. */
    void subject(String name) {
        this.subject = name;
    }

    /**
     * What a create request names, read before the request is handled, so that a request met by
     * a fault is logged with it too: {@code {"server": {"name": ...}}} and the like.
     */
    String peekSubject() {
        if (!method.equals("POST") || path.endsWith("/auth/tokens") || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JsonNodes.MAPPER.readTree(body);
            if (root != null && root.size() == 1) {
                JsonNode inner = root.elements().next();
                String name = Json.text(inner, "name");
                return name != null ? name : Json.text(inner, "security_group_id");
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: no subject
        }
        return null;
    }

    String subject() {
        return subject;
    }

    /** Set by an injected fault: a server booted by this request ends in ERROR. */
    void bootFails(boolean value) {
        this.bootFails = value;
    }

    boolean bootFails() {
        return bootFails;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }
}
