package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.contract.RouterConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** MongoDB gone: webhooks are answered 503 (never a hung request), health says so; numeric secrets and unsigned test mode. */
class RouterOutageTest {
    @Test
    void mongoDbDownIs503AndUnhealthy() throws Exception {
        try (RouterHarness harness = new RouterHarness().start()) {
            assertEquals(200, harness.deliver("workflow_job", RouterHarness.queued(201, "large")).statusCode());
            harness.stopMongo();
            long start = System.nanoTime();
            HttpResponse<String> response = harness.deliver("workflow_job", RouterHarness.queued(202, "large"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, response.statusCode(), response.body());
            System.out.println("503 with MongoDB down answered in " + millis + " ms");
            assertEquals(503, harness.get("/health").statusCode());
            assertTrue(harness.get("/metrics").body().contains("webhook_router_answers_total{outcome=\"unavailable\"}"));
        }
    }

    @Test
    void aNumericOnlySecretWorks() throws Exception {
        try (RouterHarness harness = new RouterHarness()) {
            RouterConfig config = RouterHarness.config(harness.mongoAddress.getPort(), "12345", null);
            harness.start(config);
            byte[] body = RouterHarness.queued(203, "large");
            var headers = new java.util.HashMap<>(RouterHarness.signedHeaders("workflow_job", body, "numeric"));
            headers.put("X-Hub-Signature-256", new SignatureVerifier(Secret.of("12345")).sign(body));
            assertEquals(200, harness.post(body, headers).statusCode());
            assertEquals(1, harness.messages().size());
        }
    }

    @Test
    void unsignedWebhooksPassOnlyWhenExplicitlyAllowed() throws Exception {
        try (RouterHarness harness = new RouterHarness()) {
            RouterConfig allowed = RouterHarness.config(harness.mongoAddress.getPort(), null, null);
            harness.start(allowed);
            byte[] body = RouterHarness.queued(204, "large");
            var headers = new java.util.HashMap<>(RouterHarness.signedHeaders("workflow_job", body, "unsigned"));
            headers.remove("X-Hub-Signature-256");
            assertEquals(200, harness.post(body, headers).statusCode());
        }
        RouterConfig neither = new RouterConfig(RouterConfig.VERSION, "u/0", "127.0.0.1", 0, Secret.of("mongodb://127.0.0.1:1/db"),
                null, RouterHarness.config(1, "x", null).flavours(), "small", null, null, false, null, null, null, null,
                null, null);
        var error = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> WebhookRouter.start(neither,
                java.time.Clock.systemUTC()));
        assertTrue(error.getMessage().contains("webhook-secret"), error.getMessage());
    }
}
