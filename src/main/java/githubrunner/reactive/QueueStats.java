package githubrunner.reactive;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * What the queue of one application looks like now, for status and metrics: its messages (waiting
 * or claimed, by any unit: kombu's queue size counts them all), the age of the oldest and of the
 * oldest one a consumer holds. Ages come from the messages' ObjectIds, which kombu and the router
 * make when they publish; three reads, each bounded by the connection's limits.
 *
 * @param messages documents of the queue
 * @param oldest age of the oldest message, zero when empty
 * @param oldestClaimed age of the oldest message under a live claim, zero when none
 */
public record QueueStats(long messages, Duration oldest, Duration oldestClaimed) {
    public static QueueStats read(MongoDatabase database, String queue, Clock clock) {
        MongoCollection<Document> messages = database.getCollection(KombuMessage.COLLECTION);
        Instant now = clock.instant();
        Bson ofQueue = eq("queue", queue);
        long count = messages.countDocuments(ofQueue);
        Duration oldest = count == 0 ? Duration.ZERO : ageOfFirst(messages, ofQueue, now);
        Duration claimed = count == 0 ? Duration.ZERO : ageOfFirst(messages, and(ofQueue,
                exists(MessageQueue.CLAIMED_BY), gt(MessageQueue.CLAIMED_UNTIL, new Date(now.toEpochMilli()))), now);
        return new QueueStats(count, oldest, claimed);
    }

    private static Duration ageOfFirst(MongoCollection<Document> messages, Bson filter, Instant now) {
        Document first = messages.find(filter).sort(Sorts.ascending("_id")).projection(Projections.include("_id")).first();
        if (first == null || !(first.get("_id") instanceof ObjectId id)) {
            return Duration.ZERO; // none, or an id that carries no time
        }
        Duration age = Duration.between(id.getDate().toInstant(), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
