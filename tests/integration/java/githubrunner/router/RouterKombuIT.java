package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import githubrunner.testing.MongoStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Python kombu reads what the router enqueued exactly as what the canonical (Python)
 * router enqueues through kombu itself: same document fields, same envelope, same body.
 */
class RouterKombuIT {
    private static final String JOB = "{\"labels\":[\"large\"],\"status\":\"queued\","
            + "\"url\":\"https://api.github.com/repos/octo-org/octo-repo/actions/jobs/301\"}";

    @TempDir Path dir;

    @Test
    void kombuReadsTheRoutersMessagesAsItsOwn() throws Exception {
        MongoServer mongo = MongoStandIn.start();
        int mongoPort = mongo.getLocalAddress().getPort();
        String uri = "mongodb://127.0.0.1:" + mongoPort + "/github-runner-webhook-router";
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
             RouterProcess router = RouterProcess.start(dir, RouterProcess.config("router/0", RouterProcess.freePort(),
                     mongoPort, null))) {
            MongoCollection<Document> messages = client.getDatabase("github-runner-webhook-router").getCollection("messages");
            // The canonical router's publish: SimpleQueue(flavour).put(job_json, retry=True).
            python(uri, "large", "put", JOB);
            assertEquals(200, Deliveries.send(router.url(), "workflow_job",
                    Deliveries.queued(301, "self-hosted", "linux", "large"), "kombu-301").statusCode());
            assertEquals(200, Deliveries.send(router.url(), "workflow_job",
                    Deliveries.queued(302, "x64", "JAMMY"), "kombu-302").statusCode());
            List<Document> stored = messages.find().into(new ArrayList<>());
            assertEquals(3, stored.size());
            Document canonical = stored.get(0);
            Document ours = stored.get(1);
            assertEquals(canonical.get("queue"), ours.get("queue"));
            assertEquals(canonical.get("priority"), ours.get("priority"));
            ObjectNode canonicalEnvelope = (ObjectNode) Deliveries.JSON.readTree(canonical.getString("payload"));
            ObjectNode ourEnvelope = (ObjectNode) Deliveries.JSON.readTree(ours.getString("payload"));
            assertTrue(ourEnvelope.path("properties").path("delivery_tag").asText().matches("[0-9a-f-]{36}"));
            ((ObjectNode) canonicalEnvelope.get("properties")).remove("delivery_tag");
            ((ObjectNode) ourEnvelope.get("properties")).remove("delivery_tag");
            assertEquals(canonicalEnvelope, ourEnvelope, "the envelope kombu 5.2.4 writes");

            List<JsonNode> read = python(uri, "large", "2");
            assertEquals(read.get(0).get("body"), read.get(1).get("body"));
            assertEquals(JOB, read.get(1).get("body").asText());
            for (String field : new String[] {"content_type", "content_encoding", "headers", "delivery_info", "properties"}) {
                assertEquals(read.get(0).get(field), read.get(1).get(field), field);
            }
            assertEquals("text/plain", read.get(1).get("content_type").asText());
            JsonNode other = python(uri, "x64-large", "1").get(0);
            assertEquals("{\"labels\":[\"jammy\",\"x64\"],\"status\":\"queued\","
                    + "\"url\":\"https://api.github.com/repos/octo-org/octo-repo/actions/jobs/302\"}", other.get("body").asText());
            assertEquals(0, messages.countDocuments(), "kombu took every message");
        } finally {
            mongo.shutdownNow();
        }
    }

    private List<JsonNode> python(String uri, String queue, String... args) throws IOException, InterruptedException {
        Path script = dir.resolve("kombu_read.py");
        try (var in = RouterKombuIT.class.getResourceAsStream("/router/kombu_read.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), uri, queue));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Deliveries.JSON.readTree(line));
            }
        }
        return lines;
    }
}
