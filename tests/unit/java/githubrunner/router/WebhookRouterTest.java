package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.reactive.KombuMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The router over real HTTP and mongo-java-server over TCP, driven with the official payload samples. */
class WebhookRouterTest {
    private static RouterHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new RouterHarness().start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void emptyQueue() {
        harness.database().getCollection("messages").deleteMany(new Document());
    }

    @Test
    void aSignedQueuedJobIsEnqueuedForTheFirstFlavourHavingItsLabels() throws Exception {
        HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.queued(101, "self-hosted", "Linux", "LARGE"));
        assertEquals(200, response.statusCode(), response.body());
        List<Document> messages = harness.messages();
        assertEquals(1, messages.size());
        assertEquals("large", messages.get(0).getString("queue"));
        assertEquals(9, messages.get(0).getInteger("priority"));
        assertEquals("{\"labels\":[\"large\"],\"status\":\"queued\",\"url\":\"https://api.github.com/repos/octo-org/octo-repo/actions/jobs/101\"}",
                KombuMessage.fromDocument(messages.get(0)).bodyText());
    }

    @Test
    void theUntouchedFixtureIsUnroutableWith200AndTheReasonAndAMetric() throws Exception {
        HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.fixture("workflow_job/queued.payload.json"));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Not able to forward job due to non-matching labels: ubuntu-latest"), response.body());
        assertEquals(0, harness.messages().size());
        assertTrue(harness.get("/metrics").body().contains("webhook_router_unroutable_total{labels=\"ubuntu-latest\"}"));
    }

    @Test
    void onlyDefaultLabelsGoToTheDefaultFlavour() throws Exception {
        assertEquals(200, harness.deliver("workflow_job", RouterHarness.queued(103, "self-hosted", "linux")).statusCode());
        assertEquals("small", harness.messages().get(0).getString("queue"));
    }

    @Test
    void unsignedIs401AndWrongSignatureIs403WithTheReason() throws Exception {
        byte[] body = RouterHarness.queued(102, "large");
        Map<String, String> headers = new HashMap<>(RouterHarness.signedHeaders("workflow_job", body, "d-102"));
        headers.remove("X-Hub-Signature-256");
        HttpResponse<String> unsigned = harness.post(body, headers);
        assertEquals(401, unsigned.statusCode());
        assertTrue(unsigned.body().contains("X-Hub-Signature-256 header is missing"), unsigned.body());
        headers.put("X-Hub-Signature-256", RouterHarness.sign("other".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> wrong = harness.post(body, headers);
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("Signature validation failed"), wrong.body());
        assertEquals(0, harness.messages().size());
    }

    @Test
    void pingIs200() throws Exception {
        HttpResponse<String> response = harness.deliver("ping", RouterHarness.fixture("ping/payload.json"));
        assertEquals(200, response.statusCode(), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"push/payload.json", "pull_request/opened.payload.json", "workflow_dispatch/payload.json"})
    void otherEventsAre200Ignored(String fixture) throws Exception {
        String event = fixture.substring(0, fixture.indexOf('/'));
        HttpResponse<String> response = harness.deliver(event, RouterHarness.fixture(fixture));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("Ignored"), response.body());
        assertEquals(0, harness.messages().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"workflow_job/in_progress.payload.json", "workflow_job/waiting.payload.json",
            "workflow_job/completed.success.with-organization.payload.json",
            "workflow_job/completed.failure.with-organization.payload.json"})
    void actionsOtherThanQueuedAre200Ignored(String fixture) throws Exception {
        HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.fixture(fixture));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("Ignored"), response.body());
        assertEquals(0, harness.messages().size());
    }

    @Test
    void anUnknownFutureActionIs200Ignored() throws Exception {
        ObjectNode root = (ObjectNode) RouterHarness.JSON.readTree(RouterHarness.queued(104, "large"));
        root.put("action", "rescheduled");
        HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.JSON.writeValueAsBytes(root));
        assertEquals(200, response.statusCode());
        assertEquals(0, harness.messages().size());
    }

    @Test
    void missingFieldsAre400NamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "action", "action key not found",
                "workflow_job", "workflow_job key not found",
                "workflow_job.labels", "workflow_job.labels key not found",
                "workflow_job.url", "workflow_job.url key not found");
        for (Map.Entry<String, String> missing : cases.entrySet()) {
            ObjectNode root = (ObjectNode) RouterHarness.JSON.readTree(RouterHarness.queued(105, "large"));
            String[] path = missing.getKey().split("\\.");
            ((ObjectNode) (path.length == 1 ? root : root.get(path[0]))).remove(path[path.length - 1]);
            HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.JSON.writeValueAsBytes(root));
            assertEquals(400, response.statusCode(), missing.getKey());
            assertTrue(response.body().contains(missing.getValue()), response.body());
        }
        ObjectNode nullLabels = (ObjectNode) RouterHarness.JSON.readTree(RouterHarness.queued(106, "large"));
        ((ObjectNode) nullLabels.get("workflow_job")).putNull("labels");
        assertTrue(harness.deliver("workflow_job", RouterHarness.JSON.writeValueAsBytes(nullLabels)).body()
                .contains("workflow_job.labels is null"));
        ObjectNode badUrl = (ObjectNode) RouterHarness.JSON.readTree(RouterHarness.queued(107, "large"));
        ((ObjectNode) badUrl.get("workflow_job")).put("url", "https://api.github.com/repos/o/r/../../x");
        assertEquals(400, harness.deliver("workflow_job", RouterHarness.JSON.writeValueAsBytes(badUrl)).statusCode());
        assertEquals(0, harness.messages().size());
    }

    @Test
    void notJsonIs400AndAnotherContentTypeIs415() throws Exception {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, harness.deliver("workflow_job", garbage).statusCode());
        byte[] body = RouterHarness.queued(108, "large");
        Map<String, String> headers = new HashMap<>(RouterHarness.signedHeaders("workflow_job", body, "d-108"));
        headers.put("Content-Type", "text/plain");
        assertEquals(415, harness.post(body, headers).statusCode());
        headers.remove("X-GitHub-Event");
        assertEquals(400, harness.post(body, headers).statusCode());
    }

    @Test
    void theFormContentTypeGitHubOffersIsAccepted() throws Exception {
        String json = new String(RouterHarness.queued(109, "x64", "jammy"), StandardCharsets.UTF_8);
        byte[] form = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = new HashMap<>(RouterHarness.signedHeaders("workflow_job", form, "d-109"));
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, harness.post(form, headers).statusCode());
        assertEquals("x64-large", harness.messages().get(0).getString("queue"));
    }

    @Test
    void aBodyOver1MiBIs413() throws Exception {
        byte[] big = new byte[RouterHandler.MAX_BODY + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertEquals(413, harness.deliver("workflow_job", big).statusCode());
        // Without Content-Length (chunked), the limit holds while reading.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(harness.url() + "/webhook"))
                .header("X-GitHub-Event", "workflow_job").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertEquals(413, HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aRedeliveryAndASecondHookForTheSameJobAreNotEnqueuedAgain() throws Exception {
        byte[] body = RouterHarness.queued(110, "large");
        Map<String, String> headers = RouterHarness.signedHeaders("workflow_job", body, "guid-110");
        assertEquals(200, harness.post(body, headers).statusCode());
        HttpResponse<String> redelivered = harness.post(body, headers);
        assertEquals(200, redelivered.statusCode());
        assertTrue(redelivered.body().contains("already enqueued"), redelivered.body());
        HttpResponse<String> otherHook = harness.post(body, RouterHarness.signedHeaders("workflow_job", body, "guid-110b"));
        assertEquals(200, otherHook.statusCode());
        assertTrue(otherHook.body().contains("another delivery"), otherHook.body());
        assertEquals(1, harness.messages().size());
        String metrics = harness.get("/metrics").body();
        assertTrue(metrics.contains("webhook_router_dedupe_hits_total{kind=\"delivery\"}"), metrics);
        assertTrue(metrics.contains("webhook_router_dedupe_hits_total{kind=\"job\"}"), metrics);
    }

    @Test
    void healthMetricsAndUnknownRoutes() throws Exception {
        assertEquals(200, harness.get("/health").statusCode());
        HttpResponse<String> metrics = harness.get("/metrics");
        assertEquals(200, metrics.statusCode());
        // The dashboards' series (metrics/RouterMetrics) and the router's finer one.
        assertTrue(metrics.body().contains("webhook_router_requests_total{outcome=\"queued\",status=\"2xx\"}"), metrics.body());
        assertTrue(metrics.body().contains("webhook_router_request_duration_seconds"));
        assertTrue(metrics.body().contains("webhook_router_answers_total{outcome=\"enqueued\"}"));
        assertTrue(metrics.body().contains("webhook_router_enqueue_seconds"));
        assertTrue(metrics.body().contains("webhook_router_mongodb_up 1"));
        assertEquals(404, harness.get("/other").statusCode());
        assertEquals(405, harness.get("/webhook").statusCode());
        assertTrue(!metrics.body().contains(RouterHarness.SECRET));
    }

    @Test
    void theKombuRoutingRowsExistForEveryQueue() throws Exception {
        harness.deliver("workflow_job", RouterHarness.queued(111, "large"));
        List<Document> rows = harness.database().getCollection("messages.routing").find().into(new java.util.ArrayList<>());
        for (String queue : List.of("large", "x64-large", "small")) {
            assertEquals(1, rows.stream().filter(row -> queue.equals(row.get("queue")) && queue.equals(row.get("exchange"))
                    && queue.equals(row.get("routing_key")) && row.containsKey("pattern")).count(), queue);
        }
        assertTrue(harness.database().listCollectionNames().into(new java.util.ArrayList<>()).contains("messages.broadcast"));
    }
}
