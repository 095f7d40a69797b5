package githubrunner.cloud.openstack.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client of an OpenStack (real or emulated), independent of the client under test:
 * a Keystone password token, the catalog's public endpoints, and requests that return status,
 * headers and JSON as they came. For checks the production client cannot make (user data,
 * config drive, another user's view) and for the conformance comparison.
 */
final class RawOpenStack {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One answer: status, headers (lower-case names), the JSON body (or null) and the text. */
    record Reply(int status, Map<String, List<String>> headers, JsonNode json, String text) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    final String token;
    final Reply auth;
    private final Map<String, String> endpoints;

    private RawOpenStack(String token, Reply auth, Map<String, String> endpoints) {
        this.token = token;
        this.auth = auth;
        this.endpoints = endpoints;
    }

    /** Password authentication scoped to a project (domain Default). */
    static RawOpenStack login(String authUrl, String user, String password, String project, String region)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode u = identity.putObject("password").putObject("user");
        u.put("name", user).put("password", password).putObject("domain").put("name", "Default");
        ObjectNode scope = body.with("auth").putObject("scope").putObject("project");
        scope.put("name", project).putObject("domain").put("name", "Default");
        Reply reply = send("POST", v3(authUrl) + "/auth/tokens", null, Map.of(), body.toString());
        if (reply.status() != 201) {
            throw new IOException("login as " + user + ": HTTP " + reply.status() + " " + reply.text());
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (JsonNode service : reply.json().path("token").path("catalog")) {
            for (JsonNode endpoint : service.path("endpoints")) {
                if ("public".equals(endpoint.path("interface").asText())
                        && region.equals(endpoint.path("region_id").asText(endpoint.path("region").asText()))) {
                    endpoints.put(service.path("type").asText(), endpoint.path("url").asText().replaceAll("/+$", ""));
                }
            }
        }
        endpoints.put("identity-auth", v3(authUrl));
        return new RawOpenStack(reply.header("x-subject-token"), reply, endpoints);
    }

    static String v3(String authUrl) {
        String url = authUrl.replaceAll("/+$", "");
        return url.endsWith("/v3") ? url : url + "/v3";
    }

    String endpoint(String serviceType) {
        String url = endpoints.get(serviceType);
        if (url == null) {
            throw new IllegalStateException("no public " + serviceType + " endpoint in " + endpoints.keySet());
        }
        return url;
    }

    Reply get(String service, String path) throws IOException, InterruptedException {
        return call("GET", service, path, Map.of(), null);
    }

    /** A request to the service's endpoint (path appended), with our token. */
    Reply call(String method, String service, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        return send(method, endpoint(service) + path, token, headers, body);
    }

    static Reply send(String method, String url, String token, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String text = response.body();
        if (text != null && !text.isBlank() && text.strip().startsWith("{")) {
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
        }
        Map<String, List<String>> lower = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new Reply(response.statusCode(), lower, json, text);
    }
}
