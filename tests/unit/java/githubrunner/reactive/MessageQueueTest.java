package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import githubrunner.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease protocol on the kombu collection, against a MongoDB wire-protocol server over TCP. */
class MessageQueueTest {
    private static final String QUEUE = "large";
    private static final String JOB = "{\"labels\":[\"large\"],\"status\":\"queued\",\"url\":\"https://api.github.com/repos/o/r/actions/jobs/1\"}";
    private static TestMongo mongo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private final QueueOptions options = new QueueOptions(QUEUE, Duration.ofSeconds(30), 3, Duration.ofSeconds(10),
            Duration.ofSeconds(25), 6);
    private MongoConnection connection;
    private MongoCollection<Document> messages;

    @BeforeAll
    static void startMongo() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void connect() {
        connection = mongo.connect();
        messages = connection.database().getCollection("messages");
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private MessageQueue queue(String owner) {
        return new MessageQueue(connection.database(), options, owner, clock);
    }

    private ObjectId publish(String queue, int priority, String body) {
        Document document = KombuMessage.text(queue, body).toDocument(queue);
        document.put("priority", priority);
        messages.insertOne(document);
        return document.getObjectId("_id");
    }

    @Test
    void claimsByPriorityThenIdAndOnlyItsOwnQueue() {
        ObjectId other = publish("small", 0, JOB);
        ObjectId second = publish(QUEUE, 9, JOB);
        ObjectId third = publish(QUEUE, 9, JOB);
        ObjectId first = publish(QUEUE, 4, JOB);
        MessageQueue queue = queue("a");
        assertEquals(first, queue.claim().orElseThrow().id());
        assertEquals(second, queue.claim().orElseThrow().id());
        assertEquals(third, queue.claim().orElseThrow().id());
        assertEquals(Optional.empty(), queue.claim());
        assertEquals(1, messages.countDocuments(Filters.eq("_id", other)));
        assertEquals(3, queue.size());
    }

    @Test
    void aLeaseKeepsOthersOutUntilItLapsesAndTheLoserLearnsIt() throws Exception {
        publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        MessageQueue b = queue("b");
        Claim claim = a.claim().orElseThrow();
        assertEquals(JOB, claim.message().bodyText());
        assertEquals(1, claim.claims());
        assertEquals(Optional.empty(), b.claim());

        clock.advance(Duration.ofSeconds(20));
        claim = a.renew(claim).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Optional.empty(), b.claim(), "renewed 20 s ago, lease 30 s");

        clock.advance(Duration.ofSeconds(11));
        Claim taken = b.claim().orElseThrow();
        assertEquals(claim.id(), taken.id());
        assertEquals(2, taken.claims());
        assertEquals(Optional.empty(), a.renew(claim), "a lost its lease");
        assertFalse(a.complete(claim), "a must not delete b's claim");
        assertFalse(a.release(claim));
        assertTrue(b.complete(taken));
        assertEquals(0, messages.countDocuments());
    }

    @Test
    void aReleasedMessageIsClaimableAtOnceAndUncounted() throws Exception {
        publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        Claim claim = a.claim().orElseThrow();
        assertTrue(a.release(claim));
        Claim again = queue("b").claim().orElseThrow();
        assertEquals(1, again.claims());
        assertEquals(0, again.message().headerLong(MessageQueue.ATTEMPTS_HEADER));
    }

    @Test
    void aFailedAttemptIsCountedInKombuFormatAndBacksOff() throws Exception {
        publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        Claim claim = a.claim().orElseThrow();
        MessageQueue.Retry retry = a.retry(claim, claim.message(), "GitHub answered 502", Duration.ZERO);
        assertEquals(new MessageQueue.Retry.Later(1, Duration.ofSeconds(10)), retry);

        Document stored = messages.find().first();
        KombuMessage kombu = KombuMessage.fromDocument(stored);
        assertEquals(JOB, kombu.bodyText());
        assertEquals(1, kombu.headerLong("X-Process-Count"));
        assertTrue(kombu.envelope().path("redelivered").asBoolean());
        assertEquals(QUEUE, stored.getString("queue"));
        assertEquals(9, stored.getInteger("priority"));

        assertEquals(Optional.empty(), a.claim(), "backing off");
        clock.advance(Duration.ofSeconds(10));
        claim = a.claim().orElseThrow();
        retry = a.retry(claim, claim.message(), "GitHub answered 502", Duration.ofSeconds(60));
        assertEquals(new MessageQueue.Retry.Later(2, Duration.ofSeconds(60)), retry, "a rate limit's reset wins");
    }

    @Test
    void theLastAttemptMovesTheMessageToTheDeadLettersWithItsReason() throws Exception {
        ObjectId id = publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        for (int attempt = 1; attempt <= 3; attempt++) {
            clock.advance(Duration.ofMinutes(1));
            Claim claim = a.claim().orElseThrow();
            MessageQueue.Retry retry = a.retry(claim, claim.message(), "GitHub answered 503", Duration.ZERO);
            if (attempt < 3) {
                assertInstanceOf(MessageQueue.Retry.Later.class, retry);
            } else {
                assertEquals(new MessageQueue.Retry.DeadLettered(3), retry);
            }
        }
        assertEquals(0, messages.countDocuments());
        Document dead = connection.database().getCollection(DeadLetters.COLLECTION).find().first();
        assertEquals(id, dead.getObjectId("_id"));
        assertEquals("dead-letter", dead.getString("kind"));
        assertEquals("GitHub answered 503 (attempt 3 of 3)", dead.getString("reason"));
        assertEquals(QUEUE, dead.getString("queue"));
        assertEquals(3, KombuMessage.fromDocument(dead).headerLong("X-Process-Count"));
        assertEquals(JOB, KombuMessage.fromDocument(dead).bodyText(), "the dead letter can be put back as it is");
    }

    @Test
    void aDropIsRecordedWithItsReasonThenDeleted() {
        ObjectId id = publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        assertTrue(a.drop(a.claim().orElseThrow(), "labels [gpu] are not served here"));
        assertEquals(0, messages.countDocuments());
        Document dropped = connection.database().getCollection(DeadLetters.COLLECTION).find(Filters.eq("_id", id)).first();
        assertEquals("dropped", dropped.getString("kind"));
        assertEquals("labels [gpu] are not served here", dropped.getString("reason"));
    }

    @Test
    void aHugePayloadIsClaimedWithoutFetchingIt() {
        Document huge = new Document("queue", QUEUE).append("priority", 9).append("payload", "x".repeat(10 * 1024 * 1024));
        messages.insertOne(huge);
        MessageQueue a = queue("a");
        Claim claim = a.claim().orElseThrow();
        assertTrue(claim.oversized());
        var error = assertThrows(KombuMessage.MalformedMessage.class, claim::message);
        assertTrue(error.getMessage().contains("exceeds"), error.getMessage());
        assertTrue(a.drop(claim, error.getMessage()));
        Document dropped = connection.database().getCollection(DeadLetters.COLLECTION).find().first();
        assertFalse(dropped.containsKey("payload"));
        assertTrue(dropped.getLong("payload_bytes") > 10_000_000);
    }

    @Test
    void aPayloadOfAnotherTypeIsMalformed() {
        messages.insertOne(new Document("queue", QUEUE).append("priority", 9).append("payload", 42));
        messages.insertOne(new Document("queue", QUEUE).append("priority", 9));
        MessageQueue a = queue("a");
        for (int i = 0; i < 2; i++) {
            Claim claim = a.claim().orElseThrow();
            var error = assertThrows(KombuMessage.MalformedMessage.class, claim::message);
            assertEquals("payload is not a string", error.getMessage());
        }
    }

    @Test
    void concurrentClaimersNeverGetTheSameMessage() throws Exception {
        int count = 120;
        for (int i = 0; i < count; i++) {
            publish(QUEUE, 9, JOB);
        }
        int claimers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ObjectId>>> results = new ArrayList<>();
        for (int c = 0; c < claimers; c++) {
            String owner = "consumer-" + c;
            results.add(pool.submit(() -> {
                try (MongoConnection own = mongo.connect(connection.database().getName())) {
                    MessageQueue queue = new MessageQueue(own.database(), options, owner, clock);
                    start.await();
                    List<ObjectId> mine = new ArrayList<>();
                    for (Optional<Claim> claim = queue.claim(); claim.isPresent(); claim = queue.claim()) {
                        mine.add(claim.get().id());
                    }
                    return mine;
                }
            }));
        }
        start.countDown();
        List<ObjectId> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<ObjectId>> result : results) {
            all.addAll(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        Set<ObjectId> unique = new HashSet<>(all);
        assertEquals(all.size(), unique.size(), "a message was claimed twice");
        assertEquals(count, unique.size(), "every message was claimed");
        assertEquals(count, messages.countDocuments(Filters.eq(MessageQueue.CLAIMS, 1)));
    }

    @Test
    void tooManyClaimsWithoutOutcomeAreVisibleToTheHolder() {
        publish(QUEUE, 9, JOB);
        MessageQueue a = queue("a");
        Claim claim = null;
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(1));
            claim = a.claim().orElseThrow();
        }
        assertEquals(7, claim.claims());
        assertTrue(claim.claims() > options.maxClaims());
        assertTrue(a.deadLetter(claim, "claimed 7 times without an outcome"));
        assertEquals(0, messages.countDocuments());
    }
}
