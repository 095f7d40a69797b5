package githubrunner.reactive;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.type;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The kombu queue in collection {@code messages}, consumed at least once: a message is claimed with
 * a lease ({@link #CLAIMED_BY}, {@link #CLAIMED_UNTIL}: fields kombu neither reads nor writes), kept
 * while its job is served, and deleted only when the job no longer needs it. A consumer that dies
 * loses nothing: its lease lapses and another consumer claims the message.
 *
 * <p>Every change is one single-document operation conditioned on still holding the lease, so two
 * consumers never both act on a message, and a consumer that lost its lease (paused, cut off)
 * learns so instead of deleting another's claim. Released messages stay in kombu's format: a kombu
 * consumer still reads them ({@link KombuMessage}), with the failed attempts counted in the
 * {@code X-Process-Count} header as Canonical's Python consumer did.
 *
 * <p>Leases are compared against this host's wall clock, the one each consumer writes them with.
 * That assumes the clocks of the units sharing a queue agree to well under the lease (NTP keeps
 * them within milliseconds; a unit whose clock runs ahead by more than a lease would take messages
 * still held elsewhere, the worst outcome being a duplicate runner request until the next renewal
 * notices the loss).
 */
public final class MessageQueue {
    public static final String CLAIMED_BY = "claimed_by";
    public static final String CLAIMED_UNTIL = "claimed_until";
    public static final String CLAIMS = "claims";
    public static final String ATTEMPTS_HEADER = "X-Process-Count";
    /** Larger payloads are dropped without being fetched (a 10 MB body costs no memory). */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final MongoDatabase database;
    private final MongoCollection<Document> messages;
    private final DeadLetters deadLetters;
    private final QueueOptions options;
    private final String owner;
    private final Clock clock;

    /**
     * @param owner this consumer's identity in leases, unique among all consumers of all units
     */
    public MessageQueue(MongoDatabase database, QueueOptions options, String owner, Clock clock) {
        this.database = database;
        this.messages = database.getCollection(KombuMessage.COLLECTION);
        this.deadLetters = new DeadLetters(database, owner, clock);
        this.options = options;
        this.owner = owner;
        this.clock = clock;
    }

    public QueueOptions options() {
        return options;
    }

    public String owner() {
        return owner;
    }

    /** kombu's index (same keys, same name), so claims in priority then {@code _id} order stay cheap. */
    public void ensureIndexes() {
        messages.createIndex(Indexes.ascending("queue", "priority", "_id"), new IndexOptions().background(true));
    }

    /**
     * Claims the first message of the queue, by stored priority then {@code _id}, that nobody holds
     * (never claimed, released, or its lease lapsed), in one atomic update. The payload is fetched
     * only after its size is known: a message of up to 16 MB (MongoDB's limit) costs its consumer no
     * memory, so no message can crash the consumer that claims it.
     */
    public Optional<Claim> claim() {
        Instant now = clock.instant();
        Instant until = now.plus(options.lease());
        Bson claimable = and(eq("queue", options.queue()),
                or(exists(CLAIMED_UNTIL, false), lte(CLAIMED_UNTIL, new Date(now.toEpochMilli()))));
        Document claimed = messages.findOneAndUpdate(claimable,
                Updates.combine(Updates.set(CLAIMED_BY, owner), Updates.set(CLAIMED_UNTIL, new Date(until.toEpochMilli())),
                        Updates.inc(CLAIMS, 1)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("priority", "_id"))
                        .projection(Projections.exclude("payload")).returnDocument(ReturnDocument.AFTER));
        if (claimed == null) {
            return Optional.empty();
        }
        ObjectId id = claimed.getObjectId("_id");
        Document size = messages.aggregate(List.of(Aggregates.match(and(eq("_id", id), type("payload", BsonType.STRING))),
                Aggregates.project(new Document("bytes", new Document("$strLenBytes", "$payload"))))).first();
        long bytes = size == null ? 0 : ((Number) size.get("bytes")).longValue();
        Object payload;
        if (size == null) {
            payload = org.bson.BsonNull.VALUE; // none, or not a string: KombuMessage says "not a string"
        } else if (bytes > MAX_PAYLOAD_BYTES) {
            payload = null;
        } else {
            Document full = messages.find(eq("_id", id)).projection(Projections.include("payload")).first();
            if (full == null) {
                return Optional.empty(); // a kombu consumer took it meanwhile: it is theirs
            }
            payload = full.get("payload");
        }
        Object priority = claimed.get("priority");
        Object claims = claimed.get(CLAIMS);
        return Optional.of(new Claim(id, options.queue(), priority instanceof Number n ? n.intValue() : 9,
                claims instanceof Number n ? n.longValue() : 1, bytes, payload, until));
    }

    /** Extends the lease; false if it is no longer this consumer's (lapsed and claimed elsewhere, or gone). */
    public Optional<Claim> renew(Claim claim) {
        Instant until = clock.instant().plus(options.lease());
        boolean held = messages.updateOne(held(claim), Updates.set(CLAIMED_UNTIL, new Date(until.toEpochMilli())))
                .getMatchedCount() == 1;
        return held ? Optional.of(claim.renewedUntil(until)) : Optional.empty();
    }

    /** The job needs the message no more: delete it. False if the lease was lost first. */
    public boolean complete(Claim claim) {
        return messages.deleteOne(held(claim)).getDeletedCount() == 1;
    }

    /**
     * Gives the message back unchanged and uncounted (shutdown, or the unit cannot serve it): at
     * once claimable again, here or by another unit.
     */
    public boolean release(Claim claim) {
        return release(claim, Duration.ZERO);
    }

    /** As {@link #release(Claim)}, but not claimable before {@code notBefore} from now. */
    public boolean release(Claim claim, Duration notBefore) {
        Bson update = notBefore.isZero()
                ? Updates.combine(Updates.unset(CLAIMED_BY), Updates.unset(CLAIMED_UNTIL), Updates.inc(CLAIMS, -1))
                : Updates.combine(Updates.unset(CLAIMED_BY), Updates.inc(CLAIMS, -1),
                        Updates.set(CLAIMED_UNTIL, new Date(clock.instant().plus(notBefore).toEpochMilli())));
        return messages.updateOne(held(claim), update).getMatchedCount() == 1;
    }

    /** What became of a failed attempt. */
    public sealed interface Retry {
        /** Back in the queue, claimable after {@code delay}; {@code attempts} failed so far. */
        record Later(long attempts, Duration delay) implements Retry {}

        /** That was the last allowed attempt: moved to the dead letters. */
        record DeadLettered(long attempts) implements Retry {}

        /** The lease was lost before the outcome could be written; the new holder decides. */
        record LeaseLost() implements Retry {}
    }

    /**
     * A failed attempt (GitHub or the manager failing, not the message): counted in the message's
     * {@code X-Process-Count} header; the message comes back after a doubling backoff, or goes to
     * the dead letters after {@link QueueOptions#maxAttempts()}.
     *
     * @param atLeast wait at least this long (e.g. until a rate limit resets)
     */
    public Retry retry(Claim claim, KombuMessage message, String reason, Duration atLeast) {
        long attempts = message.headerLong(ATTEMPTS_HEADER) + 1;
        KombuMessage counted = message.redelivered(ATTEMPTS_HEADER, attempts);
        if (attempts >= options.maxAttempts()) {
            return deadLetter(claim, reason + " (attempt " + attempts + " of " + options.maxAttempts() + ")",
                    counted.payloadText(), attempts) ? new Retry.DeadLettered(attempts) : new Retry.LeaseLost();
        }
        Duration backoff = options.backoff(attempts);
        Duration delay = atLeast.compareTo(backoff) > 0 ? atLeast : backoff;
        Bson update = Updates.combine(Updates.set("payload", counted.payloadText()), Updates.unset(CLAIMED_BY),
                Updates.set(CLAIMED_UNTIL, new Date(clock.instant().plus(delay).toEpochMilli())));
        return messages.updateOne(held(claim), update).getMatchedCount() == 1
                ? new Retry.Later(attempts, delay) : new Retry.LeaseLost();
    }

    /** Never worth retrying (malformed, foreign, job gone): recorded with the reason, then deleted. */
    public boolean drop(Claim claim, String reason) {
        String payload = claim.payload() instanceof String text ? text : null;
        return moveToDeadLetters(claim, DeadLetters.Kind.DROPPED, reason, payload, attempts(claim));
    }

    /** Moves the message to the dead letters as it is (e.g. claimed too often without an outcome). */
    public boolean deadLetter(Claim claim, String reason) {
        String payload = claim.payload() instanceof String text ? text : null;
        return moveToDeadLetters(claim, DeadLetters.Kind.DEAD_LETTER, reason, payload, attempts(claim));
    }

    private boolean deadLetter(Claim claim, String reason, String payload, long attempts) {
        return moveToDeadLetters(claim, DeadLetters.Kind.DEAD_LETTER, reason, payload, attempts);
    }

    /**
     * Records first, then deletes: a consumer dying in between leaves the message in the queue (and
     * a record that the next holder's outcome replaces), never neither.
     */
    private boolean moveToDeadLetters(Claim claim, DeadLetters.Kind kind, String reason, String payload, long attempts) {
        if (messages.countDocuments(held(claim)) == 0) {
            return false;
        }
        deadLetters.record(claim, kind, reason, payload, attempts);
        return messages.deleteOne(held(claim)).getDeletedCount() == 1;
    }

    /** One round trip: is MongoDB there? */
    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    /** Messages of this queue in the collection, claimed or not (kombu's queue size counts them all). */
    public long size() {
        return messages.countDocuments(eq("queue", options.queue()));
    }

    private Bson held(Claim claim) {
        return and(eq("_id", claim.id()), eq(CLAIMED_BY, owner));
    }

    private static long attempts(Claim claim) {
        try {
            return claim.message().headerLong(ATTEMPTS_HEADER);
        } catch (KombuMessage.MalformedMessage e) {
            return 0;
        }
    }
}
