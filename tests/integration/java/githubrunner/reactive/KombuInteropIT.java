package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.common.Secret;
import githubrunner.sim.mongodb.MongoEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue against the real thing on the other side: Debian's python3-kombu publishes as the
 * canonical webhook router does, and reads back what this code gives back to the queue.
 */
class KombuInteropIT {
    private static final String DATABASE = "github-runner-webhook-router";
    private static final String QUEUE = "large";

    private MongoEmulator mongo;
    private MongoConnection connection;
    private MessageQueue queue;

    @BeforeEach
    void start() {
        mongo = MongoEmulator.start(0);
        mongo.prepareForKombu(DATABASE);
        connection = MongoConnection.open(Secret.of(mongo.uri(DATABASE)), DATABASE, "interop");
        queue = new MessageQueue(connection.database(), QueueOptions.defaults(QUEUE), "github-runner/0#1-abcd",
                Clock.systemUTC());
        queue.ensureIndexes(); // before kombu's own ensure_index: the two must agree
    }

    @AfterEach
    void stop() {
        connection.close();
        mongo.close();
    }

    private static String job(long id) {
        return "{\"labels\":[\"large\",\"x64\"],\"status\":\"queued\",\"url\":\"https://api.github.com/repos/octo/repo/actions/jobs/"
                + id + "\"}";
    }

    @Test
    void messagesTheRouterPublishesWithKombuAreClaimedInOrderWithTheirText() throws Exception {
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(job(1), job(2), job(3)));
        for (long id = 1; id <= 3; id++) {
            Claim claim = queue.claim().orElseThrow();
            assertEquals(job(id), claim.message().bodyText());
            assertEquals(List.of("large", "x64"), JobMessage.parse(claim.message().bodyText()).labels());
            assertTrue(queue.complete(claim));
        }
        assertTrue(queue.claim().isEmpty());
        Document routing = connection.database().getCollection("messages.routing").find().first();
        assertEquals(QUEUE, routing.getString("queue"), "kombu bound its queue as SimpleQueue does");
    }

    @Test
    void messagesThisCodeGivesBackAreReadByAKombuConsumer() throws Exception {
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(job(1), job(2)));
        Claim failed = queue.claim().orElseThrow();
        assertTrue(queue.retry(failed, failed.message(), "GitHub answered 502", Duration.ZERO)
                instanceof MessageQueue.Retry.Later);
        Claim released = queue.claim().orElseThrow();
        assertTrue(queue.release(released));

        // kombu ignores the lease fields, and takes both, lowest stored priority then insertion order
        List<JsonNode> read = Kombu.get(mongo.uri(DATABASE), QUEUE, 2);
        assertEquals(2, read.size());
        assertEquals(job(1), read.get(0).path("body").asText());
        assertEquals("text/plain", read.get(0).path("content_type").asText());
        assertEquals(1, read.get(0).path("headers").path("X-Process-Count").asInt(), "the failed attempt is counted");
        assertEquals(job(2), read.get(1).path("body").asText());
        assertEquals(0, read.get(1).path("headers").size(), "a release is no failed attempt");
        assertEquals(0, connection.database().getCollection("messages").countDocuments());
    }

    @Test
    void aDeadLetterPutBackIsReadByKombuAsTheOriginalJob() throws Exception {
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(job(7)));
        QueueOptions once = new QueueOptions(QUEUE, Duration.ofSeconds(30), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 2);
        MessageQueue strict = new MessageQueue(connection.database(), once, "github-runner/0#1-abcd", Clock.systemUTC());
        Claim claim = strict.claim().orElseThrow();
        assertEquals(new MessageQueue.Retry.DeadLettered(1), strict.retry(claim, claim.message(), "GitHub answered 503",
                Duration.ZERO));
        Document dead = connection.database().getCollection(DeadLetters.COLLECTION).find().first();
        // what the dead letters' documentation says an operator does to put one back
        connection.database().getCollection("messages").insertOne(new Document("payload", dead.getString("payload"))
                .append("queue", dead.getString("queue")).append("priority", dead.getInteger("priority")));
        List<JsonNode> read = Kombu.get(mongo.uri(DATABASE), QUEUE, 1);
        assertEquals(job(7), read.get(0).path("body").asText());
        assertEquals(1, read.get(0).path("headers").path("X-Process-Count").asInt());
    }
}
