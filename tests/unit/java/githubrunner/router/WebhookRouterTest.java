package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.reactive.KombuMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    void unsignedIs401AndWrongSignatureIs403WithTheReason() throws Exception {
        byte[] body = RouterHarness.queued(102, "large");
        Map<String, String> headers = new java.util.HashMap<>(RouterHarness.signedHeaders("workflow_job", body, "d-102"));
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
}
