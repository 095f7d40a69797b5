package githubrunner.router;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Which deliveries and jobs the routers (all units, one database) have already seen, in collection
 * {@value #COLLECTION}. Two kinds of document, each with its time {@code at}:
 * <ul>
 *   <li>{@code d:<X-GitHub-Delivery>}: a delivery, {@code pending} while its message is being
 *       written, then {@code enqueued} or {@code duplicate}. Its {@code _id} makes it unique across
 *       units: a redelivery finds it and is not enqueued again.
 *   <li>{@code j:<job id>}: the job was enqueued at {@code at}; another delivery of the same job
 *       (a second hook on the same repository) within the window is a duplicate.
 * </ul>
 * A claim is one ordered bulk write of two inserts (one round trip, and only {@code _id} lookups,
 * fast on every MongoDB): the delivery, then the job, which fails with a duplicate key when the
 * job was seen; only then is its age read, to tell a duplicate within the window from a job seen
 * long ago. Old documents are deleted by
 * {@link #prune}, not by a TTL index (behaves the same on every MongoDB, mongo-java-server too).
 */
final class DeliveryLedger {
    static final String COLLECTION = "webhook_router.deliveries";
    /** A pending claim this old was abandoned: its router answered (503) or died long ago. */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(5);
    static final String PENDING = "pending";
    static final String ENQUEUED = "enqueued";
    static final String DUPLICATE = "duplicate";

    private final MongoCollection<Document> ledger;
    private final EnqueuedMarks marks;
    private final Clock clock;
    private final Duration jobWindow;

    /** What a claim found. */
    enum Claim { NEW, TAKEN_OVER, DUPLICATE_DELIVERY, DUPLICATE_JOB, IN_FLIGHT }

    DeliveryLedger(MongoDatabase database, Clock clock, Duration jobWindow) {
        this.ledger = database.getCollection(COLLECTION);
        this.marks = new EnqueuedMarks(ledger);
        this.clock = clock;
        this.jobWindow = jobWindow;
    }

    static void createIndexes(MongoDatabase database) {
        database.getCollection(COLLECTION).createIndex(Indexes.ascending("kind", "at"), new IndexOptions().name("kind_at"));
    }

    /**
     * Claims a delivery (if it has an id) and its job. NEW: go ahead and enqueue. TAKEN_OVER: an
     * earlier attempt of this delivery was abandoned; enqueue unless its message exists.
     */
    Claim claim(String delivery, long jobId) {
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> writes = new ArrayList<>();
        if (delivery != null) {
            writes.add(new InsertOneModel<>(new Document("_id", deliveryKey(delivery)).append("kind", "delivery")
                    .append("at", now).append("state", PENDING).append("job", jobId)));
        }
        writes.add(new InsertOneModel<>(jobDocument(jobId, delivery, now)));
        try {
            ledger.bulkWrite(writes, new BulkWriteOptions().ordered(true));
            return Claim.NEW;
        } catch (MongoBulkWriteException e) {
            BulkWriteError error = e.getWriteErrors().get(0);
            if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            boolean jobSeen = delivery == null || error.getIndex() == 1;
            if (!jobSeen) {
                return existing(delivery, now);
            }
            if (renewExpiredJob(jobId, delivery, now)) {
                return Claim.NEW;
            }
            if (delivery != null) {
                mark(delivery, DUPLICATE);
            }
            return Claim.DUPLICATE_JOB;
        }
    }

    private static Document jobDocument(long jobId, String delivery, Date now) {
        return new Document("_id", jobKey(jobId)).append("kind", "job").append("at", now).append("delivery", delivery);
    }

    /**
     * The job was seen before: a duplicate within the window, else (seen long ago, e.g. a re-run's
     * event) the window starts again. Only this rarer path filters on more than the {@code _id}.
     */
    private boolean renewExpiredJob(long jobId, String delivery, Date now) {
        Document seen = ledger.find(Filters.eq("_id", jobKey(jobId))).first();
        if (seen == null) {
            try {
                ledger.insertOne(jobDocument(jobId, delivery, now));
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        Date at = seen.getDate("at");
        if (at != null && at.toInstant().plus(jobWindow).isAfter(now.toInstant())) {
            return false;
        }
        return ledger.updateOne(Filters.and(Filters.eq("_id", jobKey(jobId)), Filters.eq("at", at)),
                Updates.combine(Updates.set("at", now), Updates.set("delivery", delivery))).getModifiedCount() == 1;
    }

    private Claim existing(String delivery, Date now) {
        Document seen = ledger.find(Filters.eq("_id", deliveryKey(delivery))).first();
        if (seen == null) {
            return Claim.IN_FLIGHT; // pruned or released between our insert and this read: let GitHub retry
        }
        if (!PENDING.equals(seen.getString("state"))) {
            return Claim.DUPLICATE_DELIVERY;
        }
        Date at = seen.getDate("at");
        if (at != null && at.toInstant().plus(ABANDONED_AFTER).isAfter(now.toInstant())) {
            return Claim.IN_FLIGHT;
        }
        Document taken = ledger.findOneAndUpdate(
                Filters.and(Filters.eq("_id", deliveryKey(delivery)), Filters.eq("state", PENDING), Filters.eq("at", at)),
                Updates.set("at", now));
        return taken == null ? Claim.IN_FLIGHT : Claim.TAKEN_OVER;
    }

    /** The delivery's message is in: marked so, in the next batch. */
    void enqueued(String delivery) {
        marks.add(deliveryKey(delivery));
    }

    /** Writes the marks still waiting. */
    void close() {
        marks.close();
    }

    void mark(String delivery, String state) {
        ledger.updateOne(Filters.eq("_id", deliveryKey(delivery)), Updates.set("state", state));
    }

    /** Undoes a claim whose message could not be written, so GitHub's redelivery is not taken for a duplicate. */
    void release(String delivery, long jobId) {
        if (delivery != null) {
            ledger.deleteOne(Filters.and(Filters.eq("_id", deliveryKey(delivery)), Filters.eq("state", PENDING)));
        }
        ledger.deleteOne(delivery == null ? Filters.eq("_id", jobKey(jobId))
                : Filters.and(Filters.eq("_id", jobKey(jobId)), Filters.eq("delivery", delivery)));
    }

    /** The deliveries among these whose job is in the queue (or was a duplicate): no need to redeliver them. */
    Set<String> settled(Collection<String> deliveries) {
        List<String> keys = deliveries.stream().map(DeliveryLedger::deliveryKey).toList();
        Set<String> settled = new HashSet<>();
        for (Document document : ledger.find(Filters.and(Filters.in("_id", keys),
                Filters.in("state", List.of(ENQUEUED, DUPLICATE))))) {
            settled.add(document.getString("_id").substring(2));
        }
        return settled;
    }

    /** Deletes delivery ids older than {@code retention} and job windows that have ended. */
    long prune(Duration retention) {
        Instant now = clock.instant();
        long deleted = ledger.deleteMany(Filters.and(Filters.eq("kind", "delivery"),
                Filters.lt("at", Date.from(now.minus(retention))))).getDeletedCount();
        return deleted + ledger.deleteMany(Filters.and(Filters.eq("kind", "job"),
                Filters.lt("at", Date.from(now.minus(jobWindow))))).getDeletedCount();
    }

    static String deliveryKey(String delivery) {
        return "d:" + delivery;
    }

    static String jobKey(long jobId) {
        return "j:" + jobId;
    }
}
