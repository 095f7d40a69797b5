package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the emulator, to look at its answers as they are on the wire. */
final class RawClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "pw";

    /** One answer: status, parsed body (null if empty or not JSON), headers. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OpenStackEmulator sim;
    private String token;

    RawClient(OpenStackEmulator sim) {
        this.sim = sim;
    }

    static OpenStackEmulator.Builder emulator() {
        return OpenStackEmulator.builder().credentials("user", PASSWORD, "project").keyBits(1024)
                .buildDelay(Duration.ZERO);
    }

    Answer authenticate(String password) throws IOException, InterruptedException {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "%s"}}},
                 "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}"""
                .formatted(sim.username(), password, sim.projectName());
        Answer answer = send("POST", "/identity/v3/auth/tokens", body, false);
        if (answer.status() == 201) {
            token = answer.header("X-Subject-Token");
        }
        return answer;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, true);
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json, true);
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, true);
    }

    Answer send(String method, String path, String json, boolean withToken) throws IOException, InterruptedException {
        if (withToken && token == null) {
            authenticate(PASSWORD);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (withToken) {
            request.header("X-Auth-Token", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        if (!response.body().isEmpty() && response.body().startsWith("{")) {
            body = JSON.readTree(response.body());
        }
        return new Answer(response.statusCode(), body, response);
    }
}
