package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** GitHub's JSON conventions: its error body, its timestamps, its answer to unparsable bodies. */
final class Json {
    private Json() {}

    /** A request body that must be a JSON object; 400 otherwise, as GitHub answers. */
    static JsonNode parseObject(byte[] body) throws ApiError {
        try {
            JsonNode node = body.length == 0 ? JsonNodes.object() : JsonNodes.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "Problems parsing JSON");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "Problems parsing JSON");
        }
    }

    static ObjectNode error(int status, String message) {
        ObjectNode error = JsonNodes.object();
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
