package githubrunner.reactive;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Which jobs are being served, and which were: one document per job ({@code _id} = {@link JobKey}),
 * shared by every consumer of every unit, so duplicates (webhook redeliveries, a job published
 * twice) get no second runner. The unique {@code _id} makes "first to insert serves it" atomic
 * without transactions.
 *
 * <p>A serving entry carries a lease like a claimed message and names the message it serves. A
 * message is a duplicate only if another message's lease is live, or the job is finished: the
 * message that entry serves is still in the queue (entries are finished before their message is
 * deleted), so acknowledging the duplicate loses nothing.
 *
 * <p>Finished entries are kept for {@link #KEEP_FINISHED} and pruned by the consumers (no TTL
 * index: mongo-java-server ignores them, and a prune is one cheap delete).
 */
public final class JobRegistry {
    public static final String COLLECTION = "github-runner.jobs";
    public static final Duration KEEP_FINISHED = Duration.ofDays(3);
    static final String STATE = "state";
    static final String MESSAGE = "message";
    static final String OUTCOME = "outcome";
    static final String UPDATED_AT = "updated_at";

    /** Where a job stands. */
    public enum State {
        SERVING, DONE, DROPPED;

        String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String stored) {
            return stored == null ? SERVING : valueOf(stored.toUpperCase(Locale.ROOT));
        }
    }

    /** The answer to "may I serve this job with this message?". */
    public sealed interface Acquisition {
        /** Yes: this consumer now serves the job. */
        record Mine() implements Acquisition {}

        /** No: another consumer serves it, from another message, under a live lease. */
        record ServedElsewhere(String by, ObjectId message) implements Acquisition {}

        /** No: it was served (picked up) or dropped already. */
        record Finished(State state, String outcome) implements Acquisition {}
    }

    private final MongoCollection<Document> jobs;
    private final Duration lease;
    private final String owner;
    private final Clock clock;

    public JobRegistry(MongoDatabase database, Duration lease, String owner, Clock clock) {
        this.jobs = database.getCollection(COLLECTION);
        this.lease = lease;
        this.owner = owner;
        this.clock = clock;
    }

    /**
     * Serve {@code key} from {@code message}, unless it is served from another message or finished.
     * A lapsed entry, or one for this very message (whose previous holder lost the message's lease),
     * is taken over.
     */
    public Acquisition acquire(JobKey key, ObjectId message, String queue) {
        for (int round = 0; round < 3; round++) {
            Instant now = clock.instant();
            Date until = new Date(now.plus(lease).toEpochMilli());
            try {
                jobs.insertOne(new Document("_id", key.value()).append(STATE, State.SERVING.stored())
                        .append(MESSAGE, message).append(MessageQueue.CLAIMED_BY, owner)
                        .append(MessageQueue.CLAIMED_UNTIL, until).append("queue", queue)
                        .append(UPDATED_AT, new Date(now.toEpochMilli())));
                return new Acquisition.Mine();
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document taken = jobs.findOneAndUpdate(
                    and(eq("_id", key.value()), eq(STATE, State.SERVING.stored()),
                            or(lte(MessageQueue.CLAIMED_UNTIL, new Date(now.toEpochMilli())), eq(MESSAGE, message),
                                    eq(MessageQueue.CLAIMED_BY, owner))),
                    Updates.combine(Updates.set(MESSAGE, message), Updates.set(MessageQueue.CLAIMED_BY, owner),
                            Updates.set(MessageQueue.CLAIMED_UNTIL, until), Updates.set(UPDATED_AT, new Date(now.toEpochMilli()))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (taken != null) {
                return new Acquisition.Mine();
            }
            Document existing = jobs.find(eq("_id", key.value())).first();
            if (existing == null) {
                continue; // finished and pruned in between: try the insert again
            }
            State state = State.of(existing.getString(STATE));
            if (state == State.SERVING) {
                return new Acquisition.ServedElsewhere(existing.getString(MessageQueue.CLAIMED_BY),
                        existing.getObjectId(MESSAGE));
            }
            return new Acquisition.Finished(state, existing.getString(OUTCOME));
        }
        throw new IllegalStateException("job entry " + key + " keeps changing");
    }

    /** Extends this consumer's lease on the job; false if it is no longer this consumer's to serve. */
    public boolean renew(JobKey key) {
        return jobs.updateOne(mine(key), Updates.set(MessageQueue.CLAIMED_UNTIL,
                new Date(clock.instant().plus(lease).toEpochMilli()))).getMatchedCount() == 1;
    }

    /**
     * The job was picked up ({@link State#DONE}) or is gone ({@link State#DROPPED}): true whoever
     * serves it, so this is written whoever holds the entry, and any other holder stops at its
     * next renewal.
     */
    public void finish(JobKey key, State state, String outcome) {
        if (state == State.SERVING) {
            throw new IllegalArgumentException("finish with a final state");
        }
        Date now = new Date(clock.millis());
        jobs.updateOne(eq("_id", key.value()), Updates.combine(Updates.set(STATE, state.stored()),
                Updates.set(OUTCOME, outcome), Updates.set(UPDATED_AT, now), Updates.unset(MessageQueue.CLAIMED_BY),
                Updates.unset(MessageQueue.CLAIMED_UNTIL)), new UpdateOptions().upsert(true));
    }

    /** Stops serving the job without an outcome (its message goes back to the queue): others may serve it. */
    public void release(JobKey key) {
        jobs.deleteOne(mine(key));
    }

    /** Deletes finished entries older than {@code keep}, and serving ones whose lease lapsed that long ago. */
    public long prune(Duration keep) {
        Date before = new Date(clock.instant().minus(keep).toEpochMilli());
        return jobs.deleteMany(or(
                and(in(STATE, List.of(State.DONE.stored(), State.DROPPED.stored())), lt(UPDATED_AT, before)),
                and(eq(STATE, State.SERVING.stored()), lt(MessageQueue.CLAIMED_UNTIL, before)))).getDeletedCount();
    }

    private Bson mine(JobKey key) {
        return and(eq("_id", key.value()), eq(STATE, State.SERVING.stored()), eq(MessageQueue.CLAIMED_BY, owner));
    }
}
