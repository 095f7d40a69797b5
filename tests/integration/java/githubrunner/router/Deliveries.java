package githubrunner.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.common.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Signed deliveries as GitHub sends them, from the official payload samples. */
final class Deliveries {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Deliveries() {}

    static byte[] fixture(String name) {
        try (InputStream in = Deliveries.class.getResourceAsStream("/fixtures/github-webhooks/payload-examples/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] queued(long jobId, String... labels) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(fixture("workflow_job/queued.payload.json"));
            ObjectNode job = (ObjectNode) root.get("workflow_job");
            job.put("id", jobId);
            job.put("url", "https://api.github.com/repos/octo-org/octo-repo/actions/jobs/" + jobId);
            var array = job.putArray("labels");
            for (String label : labels) {
                array.add(label);
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sign(byte[] body) {
        return new SignatureVerifier(Secret.of(RouterProcess.SECRET)).sign(body);
    }

    static HttpRequest.Builder request(String url, String event, byte[] body, String delivery) {
        return HttpRequest.newBuilder(URI.create(url + "/webhook")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery).header("X-Hub-Signature-256", sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    static HttpResponse<String> send(String url, String event, byte[] body, String delivery) throws Exception {
        return HTTP.send(request(url, event, body, delivery).build(), HttpResponse.BodyHandlers.ofString());
    }
}
