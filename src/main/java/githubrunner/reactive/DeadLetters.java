package githubrunner.reactive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.util.Date;
import org.bson.Document;

/**
 * Messages taken out of the queue without a runner, with the reason: dropped at once (malformed,
 * foreign, job gone) or after too many failed attempts. Nothing leaves the queue silently; an
 * operator can read why here, and put a dead letter back by re-inserting its {@code payload},
 * {@code queue} and {@code priority} into {@code messages}.
 *
 * <p>Keyed by the message's {@code _id}, so recording the same message twice (a consumer that
 * died between recording and deleting) replaces the record instead of doubling it.
 */
public final class DeadLetters {
    public static final String COLLECTION = "github-runner.dead-letters";
    /** Stored payloads are cut here: a record explains, it need not keep a 10 MB body. */
    static final int MAX_STORED_CHARS = 64 * 1024;

    /** Why a message left the queue without a runner. */
    public enum Kind { DROPPED, DEAD_LETTER }

    private final MongoCollection<Document> records;
    private final String owner;
    private final Clock clock;

    public DeadLetters(MongoDatabase database, String owner, Clock clock) {
        this.records = database.getCollection(COLLECTION);
        this.owner = owner;
        this.clock = clock;
    }

    void record(Claim claim, Kind kind, String reason, String payload, long attempts) {
        Document record = new Document("_id", claim.id())
                .append("queue", claim.queue())
                .append("priority", claim.priority())
                .append("kind", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append("reason", reason)
                .append("attempts", attempts)
                .append("claims", claim.claims())
                .append("payload_bytes", claim.payloadBytes())
                .append("at", new Date(clock.millis()))
                .append("by", owner);
        if (payload != null) {
            boolean cut = payload.length() > MAX_STORED_CHARS;
            record.append("payload", cut ? payload.substring(0, MAX_STORED_CHARS) : payload).append("payload_truncated", cut);
        }
        records.replaceOne(Filters.eq("_id", claim.id()), record, new ReplaceOptions().upsert(true));
    }
}
