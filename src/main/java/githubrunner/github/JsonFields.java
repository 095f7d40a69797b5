package githubrunner.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checked reads of GitHub JSON: every field the client relies on must be present with the
 * documented type, or the response is {@link GitHubException.InvalidResponse}. Messages name the
 * field, never its value (a JIT config or token could be there).
 */
final class JsonFields {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFields() {}

    static JsonNode parse(byte[] body, String what) throws GitHubException.InvalidResponse {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw invalid(what, "the body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw invalid(what, "the body is not JSON");
        }
    }

    /** A body that must be a JSON array (lists that are not wrapped in an object). */
    static List<JsonNode> parseArray(byte[] body, String what) throws GitHubException.InvalidResponse {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isArray()) {
                throw invalid(what, "the body is not a JSON array");
            }
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        } catch (IOException e) {
            throw invalid(what, "the body is not JSON");
        }
    }

    static long requireLong(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw invalid(what, "'" + field + "' is not an integer");
        }
        return value.longValue();
    }

    static String requireText(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(what, "'" + field + "' is not a string");
        }
        return value.textValue();
    }

    static boolean requireBoolean(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw invalid(what, "'" + field + "' is not a boolean");
        }
        return value.booleanValue();
    }

    static JsonNode requireObject(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw invalid(what, "'" + field + "' is not an object");
        }
        return value;
    }

    static List<JsonNode> requireArray(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw invalid(what, "'" + field + "' is not an array");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    static List<String> requireStrings(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        List<String> strings = new ArrayList<>();
        for (JsonNode item : requireArray(node, field, what)) {
            if (!item.isTextual()) {
                throw invalid(what, "'" + field + "' holds a non-string");
            }
            strings.add(item.textValue());
        }
        return strings;
    }

    /** A string that may be absent or null. */
    static Optional<String> optionalText(JsonNode node, String field, String what) throws GitHubException.InvalidResponse {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(what, "'" + field + "' is not a string");
        }
        return Optional.of(value.textValue());
    }

    /** An ISO-8601 timestamp that may be absent or null. */
    static Optional<Instant> optionalInstant(JsonNode node, String field, String what)
            throws GitHubException.InvalidResponse {
        Optional<String> text = optionalText(node, field, what);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            throw invalid(what, "'" + field + "' is not an ISO-8601 time");
        }
    }

    static GitHubException.InvalidResponse invalid(String what, String problem) {
        return new GitHubException.InvalidResponse("unexpected GitHub answer to " + what + ": " + problem);
    }
}
