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
 * @param payloadBytes the size of the {@code payload} string in UTF-8, 0 if it is none
 * @param payload the {@code payload} field as stored (any type), or {@code null} if it was too
 *     large to fetch ({@link MessageQueue#MAX_PAYLOAD_BYTES})
 * @param leasedUntil when the lease lapses unless renewed
 */
public record Claim(ObjectId id, String queue, int priority, long claims, long payloadBytes, Object payload,
                    Instant leasedUntil) {
    public boolean oversized() {
        return payload == null;
    }

    /** The kombu message, or why it is none. */
    public KombuMessage message() throws KombuMessage.MalformedMessage {
        if (oversized()) {
            throw new KombuMessage.MalformedMessage("payload of " + payloadBytes + " bytes exceeds "
                    + MessageQueue.MAX_PAYLOAD_BYTES);
        }
        return KombuMessage.fromDocument(new Document("payload", payload));
    }

    Claim renewedUntil(Instant until) {
        return new Claim(id, queue, priority, claims, payloadBytes, payload, until);
    }
}
