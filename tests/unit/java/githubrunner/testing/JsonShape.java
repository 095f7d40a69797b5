package githubrunner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural comparison of JSON documents: does {@code actual} have the fields of {@code expected}
 * (an official sample) with the same JSON types? Values are not compared. Paths read like
 * {@code runners[].labels[].type}.
 *
 * <ul>
 *   <li>every field of the sample must be present, with the same type (integers and decimals differ);</li>
 *   <li>a field absent from the sample is a difference unless listed in {@code extras}
 *       (documented fields the sample happens not to show);</li>
 *   <li>{@code null} where the sample has a value is a difference unless listed in {@code nullable};
 *       a sample {@code null} accepts any type;</li>
 *   <li>array elements are checked against all the sample's elements merged; a field only some
 *       sample elements have is optional.</li>
 * </ul>
 */
public final class JsonShape {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonShape() {}

    public static JsonNode fixture(String name) {
        try (InputStream in = JsonShape.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> differences(JsonNode expected, JsonNode actual, Set<String> extras, Set<String> nullable) {
        List<String> found = new ArrayList<>();
        compare("", expected, actual, extras, nullable, Set.of(), found);
        return found;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, Set<String> extras,
                                Set<String> nullable, Set<String> optional, List<String> found) {
        if (expected.isNull()) {
            return;
        }
        if (actual.isNull()) {
            if (!nullable.contains(path)) {
                found.add(path + ": null, sample has " + type(expected));
            }
            return;
        }
        if (!type(expected).equals(type(actual))) {
            found.add(path + ": " + type(actual) + ", sample has " + type(expected));
            return;
        }
        if (expected.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                String child = join(path, field.getKey());
                JsonNode value = actual.get(field.getKey());
                if (value == null) {
                    if (!optional.contains(field.getKey())) {
                        found.add(child + ": missing");
                    }
                } else {
                    compare(child, field.getValue(), value, extras, nullable, Set.of(), found);
                }
            }
            actual.fieldNames().forEachRemaining(name -> {
                if (!expected.has(name) && !extras.contains(join(path, name))) {
                    found.add(join(path, name) + ": not in the sample");
                }
            });
        } else if (expected.isArray() && !expected.isEmpty()) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            JsonNode element = merged(expected, seen);
            Set<String> sometimes = new java.util.HashSet<>();
            seen.forEach((name, count) -> {
                if (count < expected.size()) {
                    sometimes.add(name);
                }
            });
            for (JsonNode item : actual) {
                compare(path + "[]", element, item, extras, nullable, sometimes, found);
            }
        }
    }

    /** One element standing for all of an array's elements: objects are merged field by field. */
    private static JsonNode merged(JsonNode array, Map<String, Integer> seen) {
        JsonNode first = array.get(0);
        if (!first.isObject()) {
            return first;
        }
        ObjectNode union = MAPPER.createObjectNode();
        for (JsonNode item : array) {
            item.properties().forEach(field -> {
                seen.merge(field.getKey(), 1, Integer::sum);
                JsonNode known = union.get(field.getKey());
                boolean better = known == null || known.isNull()
                        || (known.isArray() && known.isEmpty() && field.getValue().isArray());
                if (better) {
                    union.set(field.getKey(), field.getValue());
                }
            });
        }
        return union;
    }

    private static String type(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        JsonNodeType type = node.getNodeType();
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
