package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to the emulator, as any client would speak to GitHub (no github-api, no project client). */
final class EmulatorHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    record Response(int status, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(raw.body()), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    EmulatorHttp(String url) {
        this.url = url;
    }

    Response get(String path, String authorization) throws Exception {
        return send("GET", path, authorization, null);
    }

    Response post(String path, String authorization, Object body) throws Exception {
        return send("POST", path, authorization, body);
    }

    Response delete(String path, String authorization) throws Exception {
        return send("DELETE", path, authorization, null);
    }

    /** A GET with extra headers, e.g. {@code If-None-Match}. */
    Response get(String path, String authorization, java.util.Map<String, String> headers) throws Exception {
        return send("GET", path, authorization, null, headers);
    }

    Response send(String method, String path, String authorization, Object body) throws Exception {
        return send(method, path, authorization, body, java.util.Map.of());
    }

    Response send(String method, String path, String authorization, Object body, java.util.Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json");
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        byte[] bytes = body == null ? null
                : body instanceof String text ? text.getBytes() : JSON.writeValueAsBytes(body);
        request.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response);
    }
}
