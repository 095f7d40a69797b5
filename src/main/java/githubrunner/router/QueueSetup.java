package githubrunner.router;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import githubrunner.reactive.KombuMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kombu's transport creates when a producer connects, done once per router process instead of
 * on every webhook (the Python router's ~7 round trips): the {@code messages} and
 * {@code messages.routing} indexes, one {@code messages.routing} row per queue (so kombu consumers
 * resolve the queue through its exchange), and {@code messages.broadcast}, which kombu would create
 * capped. Where capped collections are refused (mongo-java-server), it is created plain, which
 * kombu accepts (infra.md §4). Plus the router's own indexes. Every step is idempotent, so units
 * racing each other do no harm.
 */
final class QueueSetup {
    static final String BROADCAST_COLLECTION = "messages.broadcast";
    static final int KOMBU_CAPPED_SIZE = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(QueueSetup.class);

    private final MongoDatabase database;
    private final Collection<String> queues;
    private volatile boolean done;

    QueueSetup(MongoDatabase database, Collection<String> queues) {
        this.database = database;
        this.queues = List.copyOf(queues);
    }

    boolean isDone() {
        return done;
    }

    /** Runs the setup unless it already succeeded; MongoDB errors propagate (the caller answers 503). */
    void ensure() {
        if (done) {
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            broadcastCollection();
            database.getCollection(KombuMessage.COLLECTION).createIndex(
                    Indexes.ascending("queue", "priority", "_id"), new IndexOptions().background(true));
            database.getCollection(BROADCAST_COLLECTION).createIndex(Indexes.ascending("queue"));
            var routing = database.getCollection(KombuMessage.ROUTING_COLLECTION);
            routing.createIndex(Indexes.ascending("queue", "exchange"));
            for (String queue : queues) {
                // kombu's _queue_bind: update(lookup, data, upsert=True) with data == lookup.
                Document binding = new Document("exchange", queue).append("queue", queue)
                        .append("routing_key", queue).append("pattern", null);
                routing.replaceOne(binding, binding, new ReplaceOptions().upsert(true));
            }
            DeliveryLedger.createIndexes(database);
            done = true;
            LOG.info("queue set up in database {}: routing rows for {}", database.getName(), queues);
        }
    }

    private void broadcastCollection() {
        List<String> names = database.listCollectionNames().into(new ArrayList<>());
        if (names.contains(BROADCAST_COLLECTION)) {
            return;
        }
        try {
            database.createCollection(BROADCAST_COLLECTION,
                    new CreateCollectionOptions().capped(true).sizeInBytes(KOMBU_CAPPED_SIZE));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 48) { // NamespaceExists: another unit was first
                return;
            }
            LOG.info("capped collections refused ({}); creating {} plain", e.getErrorMessage(), BROADCAST_COLLECTION);
            try {
                database.createCollection(BROADCAST_COLLECTION);
            } catch (MongoCommandException again) {
                if (again.getErrorCode() != 48) {
                    throw again;
                }
            }
        }
    }
}
