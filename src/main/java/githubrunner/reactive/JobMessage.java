package githubrunner.reactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The body the webhook router publishes: {@code {"labels": [...], "status": "queued", "url": "..."}}
 * (reference/peers.md §A.6), labels lower-cased, the default labels removed.
 */
public record JobMessage(List<String> labels, String status, String url) {
    static final int MAX_LABELS = 100;
    static final int MAX_LABEL_LENGTH = 256;
    static final int MAX_URL_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    public JobMessage {
        labels = List.copyOf(labels);
    }

    /** Parses and checks the shape; the reason says what is wrong, without echoing much of the body. */
    public static JobMessage parse(String body) throws KombuMessage.MalformedMessage {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new KombuMessage.MalformedMessage("body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new KombuMessage.MalformedMessage("body is not a JSON object");
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new KombuMessage.MalformedMessage("body has no url");
        }
        if (url.asText().length() > MAX_URL_LENGTH) {
            throw new KombuMessage.MalformedMessage("url longer than " + MAX_URL_LENGTH + " characters");
        }
        JsonNode labels = node.get("labels");
        if (labels == null || !labels.isArray()) {
            throw new KombuMessage.MalformedMessage("body has no labels list");
        }
        if (labels.size() > MAX_LABELS) {
            throw new KombuMessage.MalformedMessage(labels.size() + " labels, more than " + MAX_LABELS);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode label : labels) {
            if (!label.isTextual() || label.asText().isBlank() || label.asText().length() > MAX_LABEL_LENGTH) {
                throw new KombuMessage.MalformedMessage("a label is not a non-blank string of at most " + MAX_LABEL_LENGTH
                        + " characters");
            }
            names.add(label.asText());
        }
        JsonNode status = node.get("status");
        if (status != null && !status.isNull() && !status.isTextual()) {
            throw new KombuMessage.MalformedMessage("status is not a string");
        }
        String statusText = status == null || status.isNull() ? null : status.asText();
        if (statusText != null && !statusText.equals("queued")) {
            throw new KombuMessage.MalformedMessage("status is " + Printable.of(statusText) + ", not queued");
        }
        return new JobMessage(names, statusText, url.asText());
    }
}
