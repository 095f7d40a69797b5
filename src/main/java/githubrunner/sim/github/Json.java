package githubrunner.sim.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** JSON helpers of the emulator (its own, so it shares no code with the client it checks). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request body that must be a JSON object; 400 otherwise, as GitHub answers. */
    static JsonNode parseObject(byte[] body) throws ApiError {
        try {
            JsonNode node = body.length == 0 ? object() : MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "Problems parsing JSON");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "Problems parsing JSON");
        }
    }

    static ObjectNode error(int status, String message) {
        ObjectNode error = object();
        error.put("message", message);
        error.put("documentation_url", "https://docs.github.com/rest");
        error.put("status", String.valueOf(status));
        return error;
    }

    /** GitHub's timestamp style: whole seconds, UTC, {@code Z}. */
    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
