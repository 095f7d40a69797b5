package githubrunner.router;

import githubrunner.reactive.MongoConnection;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import githubrunner.reactive.KombuMessage;
import java.time.Clock;
import java.time.Duration;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts routed jobs into kombu's queue, once: a delivery and its job are claimed in the ledger
 * (one round trip), the message is inserted (one insert, in exactly the document kombu's
 * {@code SimpleQueue(flavour).put(text)} writes, plus the delivery id beside it), and the claim is
 * marked done (in batches, behind the answer). When MongoDB fails half-way the claim is released, so GitHub's redelivery of this
 * delivery is enqueued rather than taken for a duplicate.
 */
final class JobQueue {
    /** Field beside kombu's {@code payload, queue, priority}: which delivery wrote the message (kombu ignores it). */
    static final String DELIVERY_FIELD = "github_delivery";
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    enum Result { ENQUEUED, DUPLICATE_DELIVERY, DUPLICATE_JOB, IN_FLIGHT }

    /** MongoDB could not be reached or failed: nothing (or nothing certain) was enqueued. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MongoConnection mongo;
    private final QueueSetup setup;
    private final DeliveryLedger ledger;
    private final MongoCollection<Document> messages;
    private final MongoHealth health;
    private final Clock clock;
    private volatile java.util.function.Consumer<java.time.Instant> onInFlight = since -> { };

    JobQueue(MongoConnection mongo, QueueSetup setup, Clock clock, Duration jobWindow, MongoHealth health) {
        this.mongo = mongo;
        this.setup = setup;
        this.ledger = new DeliveryLedger(mongo.database(), clock, jobWindow);
        this.messages = mongo.database().getCollection(KombuMessage.COLLECTION);
        this.health = health;
        this.clock = clock;
    }

    /**
     * Told when a delivery was answered 503 because another router held its claim: if that router
     * failed, GitHub recorded both as failed, and only a redelivery pass brings the job back.
     */
    void onInFlight(java.util.function.Consumer<java.time.Instant> listener) {
        onInFlight = listener;
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    /**
     * @param delivery the {@code X-GitHub-Delivery} id, or null when the request had none
     * @param body the job JSON the Python router enqueues
     */
    Result enqueue(String delivery, long jobId, String queue, String body) throws Unavailable {
        DeliveryLedger.Claim claim;
        try {
            setup.ensure();
            claim = ledger.claim(delivery, jobId);
        } catch (MongoException e) {
            throw unavailable("claim", e);
        }
        switch (claim) {
            case DUPLICATE_DELIVERY -> {
                return succeeded(Result.DUPLICATE_DELIVERY);
            }
            case DUPLICATE_JOB -> {
                return succeeded(Result.DUPLICATE_JOB);
            }
            case IN_FLIGHT -> {
                onInFlight.accept(clock.instant());
                return succeeded(Result.IN_FLIGHT);
            }
            default -> { }
        }
        try {
            if (claim == DeliveryLedger.Claim.TAKEN_OVER && messages.find(Filters.eq(DELIVERY_FIELD, delivery)).first() != null) {
                // The abandoned attempt got as far as the insert (its router died before marking it).
                ledger.mark(delivery, DeliveryLedger.ENQUEUED);
                return succeeded(Result.DUPLICATE_DELIVERY);
            }
            Document document = KombuMessage.text(queue, body).toDocument(queue);
            if (delivery != null) {
                document.append(DELIVERY_FIELD, delivery);
            }
            messages.insertOne(document);
        } catch (MongoException e) {
            release(delivery, jobId);
            throw unavailable("insert", e);
        }
        if (delivery != null) {
            ledger.enqueued(delivery);
        }
        return succeeded(Result.ENQUEUED);
    }

    private Result succeeded(Result result) {
        health.succeeded();
        return result;
    }

    private void release(String delivery, long jobId) {
        try {
            ledger.release(delivery, jobId);
        } catch (MongoException e) {
            LOG.debug("claim of job {} not released: {}", jobId, e.getMessage());
        }
    }

    private Unavailable unavailable(String step, MongoException e) {
        health.failed();
        return new Unavailable("MongoDB failed during " + step + ": " + e.getClass().getSimpleName(), e);
    }

    MongoConnection mongo() {
        return mongo;
    }
}
