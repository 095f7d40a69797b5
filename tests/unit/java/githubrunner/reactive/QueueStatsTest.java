package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import githubrunner.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue as status and metrics see it, read from kombu's collection over TCP. */
class QueueStatsTest {
    private static TestMongo mongo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @BeforeAll
    static void start() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    private static Document message(String queue, Instant publishedAt) {
        return KombuMessage.text(queue, "{}").toDocument(queue)
                .append("_id", new ObjectId(Date.from(publishedAt)));
    }

    @Test
    void countsEveryMessageOfTheQueueAndAgesTheOldestAndTheOldestClaimed() {
        try (MongoConnection connection = mongo.connect()) {
            MongoCollection<Document> messages = connection.database().getCollection(KombuMessage.COLLECTION);
            assertEquals(new QueueStats(0, Duration.ZERO, Duration.ZERO), QueueStats.read(connection.database(), "large", clock));
            Instant now = clock.instant();
            messages.insertOne(message("large", now.minusSeconds(300)));
            messages.insertOne(message("large", now.minusSeconds(120)).append(MessageQueue.CLAIMED_BY, "c-1")
                    .append(MessageQueue.CLAIMED_UNTIL, Date.from(now.plusSeconds(20))));
            messages.insertOne(message("large", now.minusSeconds(60)).append(MessageQueue.CLAIMED_BY, "c-2")
                    .append(MessageQueue.CLAIMED_UNTIL, Date.from(now.minusSeconds(5))));
            // released with a backoff: not claimed by anyone, only not claimable yet
            messages.insertOne(message("large", now.minusSeconds(500)).append(MessageQueue.CLAIMED_UNTIL,
                    Date.from(now.plusSeconds(60))));
            messages.insertOne(message("small", now.minusSeconds(900)));
            assertEquals(new QueueStats(4, Duration.ofSeconds(500), Duration.ofSeconds(120)),
                    QueueStats.read(connection.database(), "large", clock), "a lapsed claim is no claim");
        }
    }
}
