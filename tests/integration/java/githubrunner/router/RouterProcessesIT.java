package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import githubrunner.testing.MongoStandIn;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two router processes on one database: a redelivered webhook, or one sent to both at once, is enqueued once. */
class RouterProcessesIT {
    @TempDir Path dir;

    @Test
    void twoRoutersDeduplicateRedeliveriesBetweenThem() throws Exception {
        MongoServer mongo = MongoStandIn.start();
        int mongoPort = mongo.getLocalAddress().getPort();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
             RouterProcess first = RouterProcess.start(dir, RouterProcess.config("router/0", RouterProcess.freePort(), mongoPort, null));
             RouterProcess second = RouterProcess.start(dir, RouterProcess.config("router/1", RouterProcess.freePort(), mongoPort, null))) {
            var messages = client.getDatabase("github-runner-webhook-router").getCollection("messages");
            byte[] body = Deliveries.queued(401, "large");
            assertEquals(200, Deliveries.send(first.url(), "workflow_job", body, "guid-401").statusCode());
            HttpResponse<String> redelivered = Deliveries.send(second.url(), "workflow_job", body, "guid-401");
            assertEquals(200, redelivered.statusCode());
            assertEquals(1, messages.countDocuments(new Document("github_delivery", "guid-401")), redelivered.body());

            // 100 events, each delivered to both routers at the same time.
            Map<String, List<CompletableFuture<HttpResponse<String>>>> answers = new LinkedHashMap<>();
            for (int job = 500; job < 600; job++) {
                byte[] payload = Deliveries.queued(job, "x64", "jammy");
                for (RouterProcess router : List.of(first, second)) {
                    answers.computeIfAbsent("guid-" + job, k -> new ArrayList<>()).add(Deliveries.HTTP.sendAsync(
                            Deliveries.request(router.url(), "workflow_job", payload, "guid-" + job).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }
            int accepted = 0;
            for (Map.Entry<String, List<CompletableFuture<HttpResponse<String>>>> event : answers.entrySet()) {
                boolean any200 = false;
                for (CompletableFuture<HttpResponse<String>> answer : event.getValue()) {
                    int status = answer.get().statusCode();
                    // 503: MongoDB too slow, or the other router holds this delivery; GitHub records a failure
                    // and the redelivery pass brings it back. Nothing else is allowed.
                    assertTrue(status == 200 || status == 503, "status " + status);
                    any200 |= status == 200;
                }
                long stored = messages.countDocuments(new Document("github_delivery", event.getKey()));
                // A 503 for slowness may still enqueue behind the answer; never twice, never lost after a 200.
                assertTrue(stored <= 1, event.getKey() + " stored " + stored + " times");
                assertTrue(!any200 || stored == 1, event.getKey() + " answered 200 but not stored");
                accepted += any200 ? 1 : 0;
            }
            System.out.println(accepted + " of 100 events accepted on the first try by one of the two routers");
            assertTrue(accepted > 50, accepted + " accepted");
        } finally {
            mongo.shutdownNow();
        }
    }
}
