package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import githubrunner.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed samples (tests/unit/resources/kombu) are what kombu and this code write: the
 * published one is read, and each document this code writes has the sample's fields, down to the
 * keys of the kombu envelope inside {@code payload}.
 */
class DocumentShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestMongo mongo;

    @BeforeAll
    static void startMongo() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    static Document sample(String name) throws IOException {
        try (InputStream in = DocumentShapesTest.class.getResourceAsStream("/kombu/" + name)) {
            return Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theDocumentKombuPublishesIsReadAsTheRoutersJob() throws Exception {
        KombuMessage message = KombuMessage.fromDocument(sample("published-by-kombu.json"));
        JobMessage job = JobMessage.parse(message.bodyText());
        assertEquals("https://api.github.com/repos/octo/repo/actions/jobs/123", job.url());
        assertEquals(java.util.List.of("large", "x64"), job.labels());
    }

    @Test
    void whatThisCodeWritesHasTheCommittedShapes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
        try (MongoConnection connection = mongo.connect()) {
            MongoDatabase database = connection.database();
            Document published = sample("published-by-kombu.json");
            published.remove("_id");
            database.getCollection("messages").insertOne(published);
            Document foreign = sample("published-by-kombu.json");
            foreign.remove("_id");
            database.getCollection("messages").insertOne(foreign);
            MessageQueue queue = new MessageQueue(database, QueueOptions.defaults("large"), "github-runner/0#4242-1a2b", clock);

            Claim claim = queue.claim().orElseThrow();
            assertShape("claimed-by-consumer.json", database.getCollection("messages").find(new Document("_id", claim.id())).first());
            queue.retry(claim, claim.message(), "GitHub answered 502", Duration.ZERO);
            assertShape("released-after-failed-attempt.json",
                    database.getCollection("messages").find(new Document("_id", claim.id())).first());

            JobRegistry registry = new JobRegistry(database, Duration.ofSeconds(30), "github-runner/0#4242-1a2b", clock);
            JobKey key = JobKey.of("api.github.com", "octo", "repo", 123);
            registry.acquire(key, claim.id(), "large");
            assertShape("job-serving.json", database.getCollection(JobRegistry.COLLECTION).find().first());
            registry.finish(key, JobRegistry.State.DONE, "in_progress");
            assertShape("job-done.json", database.getCollection(JobRegistry.COLLECTION).find().first());

            Claim other = queue.claim().orElseThrow();
            queue.drop(other, "labels ['gpu'] are not served here");
            assertShape("dropped.json", database.getCollection(DeadLetters.COLLECTION).find().first());
        }
    }

    /** Same fields (and, inside a kombu payload, the same envelope keys) as the committed sample. */
    private static void assertShape(String name, Document actual) throws IOException {
        Document expected = sample(name);
        assertEquals(expected.keySet(), actual.keySet(), name);
        if (expected.get("payload") instanceof String payload) {
            assertEquals(keys(JSON.readTree(payload), ""), keys(JSON.readTree(actual.getString("payload")), ""), name + " payload");
        }
        assertTrue(actual.get("_id").getClass().equals(expected.get("_id").getClass()), name + " _id type");
    }

    private static Set<String> keys(JsonNode node, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            keys.add(prefix + name);
            if (node.get(name).isObject()) {
                keys.addAll(keys(node.get(name), prefix + name + "."));
            }
        }
        return keys;
    }
}
