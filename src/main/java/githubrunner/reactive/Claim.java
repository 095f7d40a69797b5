package githubrunner.reactive;

import java.time.Instant;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A message this consumer holds a lease on.
 *
 * @param id the document's {@code _id}
 * @param priority the stored (inverted) kombu priority
 * @param claims how often the message has been claimed, this claim included, without an outcome
 * @param documentBytes the stored document's size
 * @param payload the {@code payload} field as stored (any type), or {@code null} if the document
 *     was too large to decode ({@link MessageQueue#MAX_DOCUMENT_BYTES})
 * @param leasedUntil when the lease lapses unless renewed
 */
public record Claim(ObjectId id, String queue, int priority, long claims, long documentBytes, Object payload,
                    Instant leasedUntil) {
    public boolean oversized() {
        return payload == null;
    }

    /** The kombu message, or why it is none. */
    public KombuMessage message() throws KombuMessage.MalformedMessage {
        if (oversized()) {
            throw new KombuMessage.MalformedMessage("document of " + documentBytes + " bytes exceeds "
                    + MessageQueue.MAX_DOCUMENT_BYTES);
        }
        return KombuMessage.fromDocument(new Document("payload", payload));
    }

    Claim renewedUntil(Instant until) {
        return new Claim(id, queue, priority, claims, documentBytes, payload, until);
    }
}
