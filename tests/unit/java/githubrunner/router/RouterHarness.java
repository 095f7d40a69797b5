package githubrunner.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import githubrunner.testing.MongoStandIn;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.testing.TcpOutage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/**
 * A webhook router on loopback against mongo-java-server over TCP, and a client that speaks to it
 * as GitHub does (signed {@code workflow_job} deliveries).
 */
final class RouterHarness implements AutoCloseable {
    static final String SECRET = "It's a Secret to Everybody";
    static final String FLAVOURS = "- large: [arm64, large]\n- x64-large: [large, x64, jammy]\n";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final MongoServer mongo;
    /** Where the router reaches MongoDB: through a forwarder a test can cut. */
    final InetSocketAddress mongoAddress;
    private final TcpOutage outage;
    final MongoClient client;
    WebhookRouter router;
    RouterConfig config;

    RouterHarness() {
        mongo = MongoStandIn.start();
        try {
            outage = new TcpOutage(mongo.getLocalAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mongoAddress = new InetSocketAddress("127.0.0.1", outage.port());
        client = MongoClients.create("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
    }

    /** MongoDB goes away for the router: connections refused and reset. Its data stays. */
    void stopMongo() throws IOException {
        outage.cut();
    }

    /** MongoDB is back on the same port with the same data. */
    void startMongo() throws IOException {
        outage.restore();
    }

    static RouterConfig config(int mongoPort, String secret, ManagerConfig.GitHub github) {
        try {
            JsonNode flavours = new ObjectMapper(new YAMLFactory()).readTree(FLAVOURS);
            return new RouterConfig(RouterConfig.VERSION, "github-runner/0", "127.0.0.1", 0,
                    Secret.of("mongodb://127.0.0.1:" + mongoPort + "/github-runner-webhook-router"), null, flavours,
                    "small", List.of("self-hosted", "linux"), secret == null ? null : Secret.of(secret), secret == null,
                    github, null, 0L, null, null, "INFO");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RouterHarness start() throws Exception {
        return start(config(mongoAddress.getPort(), SECRET, null));
    }

    RouterHarness start(RouterConfig routerConfig) throws Exception {
        config = routerConfig;
        router = WebhookRouter.start(routerConfig, Clock.systemUTC(), Duration.ofMillis(200));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + router.port();
    }

    MongoDatabase database() {
        return client.getDatabase("github-runner-webhook-router");
    }

    List<Document> messages() {
        return database().getCollection("messages").find().into(new ArrayList<>());
    }

    static byte[] fixture(String name) {
        try (InputStream in = RouterHarness.class.getResourceAsStream("/fixtures/github-webhooks/payload-examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The queued fixture with this job's id (in its URL) and labels. */
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
        return new SignatureVerifier(Secret.of(SECRET)).sign(body);
    }

    /** A delivery as GitHub sends it: signed, with a fresh delivery id. */
    HttpResponse<String> deliver(String event, byte[] body) throws Exception {
        return post(body, signedHeaders(event, body, UUID.randomUUID().toString()));
    }

    static Map<String, String> signedHeaders(String event, byte[] body, String delivery) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", delivery);
        headers.put("X-Hub-Signature-256", sign(body));
        headers.put("X-GitHub-Hook-ID", "4242");
        headers.put("X-GitHub-Hook-Installation-Target-Type", "repository");
        return headers;
    }

    HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/webhook"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (router != null) {
            router.close();
        }
        client.close();
        try {
            outage.close();
        } catch (IOException ignored) {
            // the test is over
        }
        mongo.shutdownNow();
    }
}
