package githubrunner.sim.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a real Nova the way the emulated runner agents need: every server whose name starts with
 * the unit's prefix, in all projects, with its user data ({@code OS-EXT-SRV-ATTR:user_data},
 * microversion 2.3, which Nova shows to admins). Keystone password auth; page after page by
 * Nova's next links. The simulator's own small client: sim/ uses nothing of the production one.
 */
final class NovaReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGES = 1000;

    /** One server: id, name, status, and its user data decoded (null if none). */
    record Server(String id, String name, String status, String userData) {}

    private final SimCloudsYaml.Cloud cloud;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;
    private String compute;

    NovaReader(SimCloudsYaml.Cloud cloud) {
        this.cloud = cloud;
    }

    /** The servers whose name matches {@code ^prefix-}, in every project. */
    synchronized List<Server> servers(String prefix) throws IOException, InterruptedException {
        if (token == null) {
            authenticate();
        }
        try {
            return list(prefix);
        } catch (Unauthorized e) {
            authenticate(); // the token expired or was revoked
            return list(prefix);
        }
    }

    private List<Server> list(String prefix) throws IOException, InterruptedException {
        List<Server> servers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String url = compute + "/servers/detail?all_tenants=1&name="
                + URLEncoder.encode("^" + prefix.replaceAll("[.^$*+?()\\[\\]{}|\\\\]", "\\\\$0") + "-", StandardCharsets.UTF_8);
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            JsonNode body = get(url);
            url = null;
            for (JsonNode server : body.path("servers")) {
                String id = server.path("id").asText();
                if (!seen.add(id)) {
                    continue;
                }
                String encoded = server.path("OS-EXT-SRV-ATTR:user_data").asText(null);
                servers.add(new Server(id, server.path("name").asText(), server.path("status").asText(),
                        encoded == null ? null : new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8)));
            }
            for (JsonNode link : body.path("servers_links")) {
                if ("next".equals(link.path("rel").asText())) {
                    url = link.path("href").asText();
                }
            }
        }
        return servers;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("X-Auth-Token", token).header("Accept", "application/json")
                .header("X-OpenStack-Nova-API-Version", "2.3").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            throw new Unauthorized();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private void authenticate() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", cloud.username()).put("password", cloud.password())
                .putObject("domain").put("name", cloud.userDomainName());
        ObjectNode project = body.with("auth").putObject("scope").putObject("project");
        project.put("name", cloud.projectName()).putObject("domain").put("name", cloud.projectDomainName());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(cloud.v3() + "/auth/tokens"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("authenticating " + cloud.username() + " at " + cloud.v3() + ": HTTP "
                    + response.statusCode() + " " + abbreviate(response.body()));
        }
        token = response.headers().firstValue("X-Subject-Token").orElseThrow(() -> new IOException("no X-Subject-Token"));
        compute = null;
        for (JsonNode service : JSON.readTree(response.body()).path("token").path("catalog")) {
            if (!"compute".equals(service.path("type").asText())) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                if ("public".equals(endpoint.path("interface").asText())
                        && cloud.regionName().equals(endpoint.path("region_id").asText(endpoint.path("region").asText()))) {
                    compute = endpoint.path("url").asText().replaceAll("/+$", "");
                }
            }
        }
        if (compute == null) {
            throw new IOException("no public compute endpoint in region " + cloud.regionName());
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static final class Unauthorized extends IOException {
        Unauthorized() {
            super("401");
        }
    }
}
