package githubrunner.reactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.UUID;
import org.bson.Document;

/**
 * One message as kombu's MongoDB transport stores it (reference: peers.md §B): a document
 * {@code {queue, priority, payload}} in collection {@code messages}, whose {@code payload} is the
 * JSON text of kombu's envelope {@code {body, content-encoding, content-type, headers,
 * properties}} with the body base64-encoded. Stored priority is inverted: 9 means AMQP priority 0.
 *
 * <p>Reading tolerates what other producers and kombu's own requeue add ({@code redelivered},
 * any headers, {@code application/json} bodies); writing produces exactly what
 * {@code SimpleQueue(name).put(text)} of kombu 5 produces, so a kombu consumer reads it.
 *
 * @param envelope the parsed envelope, kept whole so that a released message loses nothing
 */
public record KombuMessage(ObjectNode envelope) {
    public static final String COLLECTION = "messages";
    public static final String ROUTING_COLLECTION = "messages.routing";
    /** The largest payload read; anything bigger is dropped as malformed, never decoded. */
    public static final int MAX_PAYLOAD_CHARS = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message that cannot be read as a kombu message; never worth retrying. */
    public static final class MalformedMessage extends Exception {
        public MalformedMessage(String reason) {
            super(reason);
        }
    }

    /** A text body, as {@code SimpleQueue(queue).put(text)}: text/plain, utf-8, base64, priority 0. */
    public static KombuMessage text(String queue, String body) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        envelope.put("content-encoding", "utf-8");
        envelope.put("content-type", "text/plain");
        envelope.putObject("headers");
        ObjectNode properties = envelope.putObject("properties");
        properties.put("delivery_mode", 2);
        ObjectNode info = properties.putObject("delivery_info");
        info.put("exchange", queue);
        info.put("routing_key", queue);
        properties.put("priority", 0);
        properties.put("body_encoding", "base64");
        properties.put("delivery_tag", UUID.randomUUID().toString());
        return new KombuMessage(envelope);
    }

    /** Reads the {@code payload} of a {@code messages} document. */
    public static KombuMessage fromDocument(Document document) throws MalformedMessage {
        Object payload = document.get("payload");
        if (!(payload instanceof String text)) {
            throw new MalformedMessage("payload is not a string");
        }
        if (text.length() > MAX_PAYLOAD_CHARS) {
            throw new MalformedMessage("payload of " + text.length() + " characters exceeds " + MAX_PAYLOAD_CHARS);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessage("payload is not JSON");
        }
        if (!(envelope instanceof ObjectNode object)) {
            throw new MalformedMessage("payload is not a JSON object");
        }
        KombuMessage message = new KombuMessage(object);
        message.bodyText(); // checks body, encoding and content type now
        return message;
    }

    /** The document kombu's {@code _put} inserts for this message into {@code queue}. */
    public Document toDocument(String queue) {
        int priority = Math.max(0, Math.min(9, envelope.path("properties").path("priority").asInt(0)));
        return new Document("payload", payloadText()).append("queue", queue).append("priority", 9 - priority);
    }

    public String payloadText() {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body as text: base64-decoded when {@code body_encoding} says so, decoded with the
     * content encoding; a JSON body ({@code application/json}) is its JSON text.
     */
    public String bodyText() throws MalformedMessage {
        JsonNode body = envelope.get("body");
        if (body == null || body.isNull()) {
            throw new MalformedMessage("no body");
        }
        String type = envelope.path("content-type").asText("text/plain");
        if (!type.equals("text/plain") && !type.equals("application/json")) {
            throw new MalformedMessage("unsupported content type " + printable(type));
        }
        if (!body.isTextual()) {
            if (type.equals("application/json")) {
                return body.toString();
            }
            throw new MalformedMessage("body is not a string");
        }
        if (!envelope.path("properties").path("body_encoding").asText("").equals("base64")) {
            return body.asText();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("body is not valid base64");
        }
        return new String(bytes, charset(envelope.path("content-encoding").asText("utf-8")));
    }

    /** A header value as a long, 0 when absent or not a number (kombu keeps headers as given). */
    public long headerLong(String name) {
        JsonNode value = envelope.path("headers").get(name);
        return value != null && value.canConvertToLong() ? value.asLong() : 0;
    }

    /** The message as kombu's requeue writes it: same envelope, the header set, {@code redelivered: true}. */
    public KombuMessage redelivered(String header, long value) {
        ObjectNode copy = envelope.deepCopy();
        JsonNode headers = copy.get("headers");
        ObjectNode writable = headers instanceof ObjectNode object ? object : copy.putObject("headers");
        writable.put(header, value);
        copy.put("redelivered", true);
        return new KombuMessage(copy);
    }

    private static Charset charset(String name) throws MalformedMessage {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MalformedMessage("unsupported content encoding " + printable(name));
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
