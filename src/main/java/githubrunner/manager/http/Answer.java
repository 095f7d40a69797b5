package githubrunner.manager.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;

/**
 * What a route answers: status, content type (null without a body) and body. The charm reads
 * these bodies byte for byte (charm/ManagerClient), so their shapes are part of the contract.
 */
public record Answer(int status, String contentType, byte[] body) {
    static final String TEXT = "text/plain; charset=utf-8";

    public static Answer noContent() {
        return new Answer(204, null, new byte[0]);
    }

    public static Answer text(int status, String text) {
        return new Answer(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code value} as JSON, snake_case keys, ISO-8601 times and durations. */
    public static Answer json(int status, Object value) {
        try {
            return new Answer(status, "application/json", ApiJson.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
