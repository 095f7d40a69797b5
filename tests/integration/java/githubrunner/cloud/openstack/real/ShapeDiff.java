package githubrunner.cloud.openstack.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two JSON answers by structure, both ways: field names at every level and their JSON
 * types; values are not compared. A null on either side matches any type. Array elements are
 * merged per side (one element standing for all), so lists of different lengths compare.
 * Values of free-key maps (metadata, addresses) are compared as one merged value.
 */
final class ShapeDiff {
    private static final Set<String> FREE_KEY_MAPS = Set.of("metadata", "addresses", "extra_specs");

    private ShapeDiff() {}

    /** One line per difference: {@code path: what}. */
    static List<String> of(JsonNode real, JsonNode emulated) {
        List<String> out = new ArrayList<>();
        compare("", null, real, emulated, out);
        return out;
    }

    private static void compare(String path, String field, JsonNode real, JsonNode emulated, List<String> out) {
        if (real == null || emulated == null || real.isNull() || emulated.isNull()) {
            if ((real == null || real.isMissingNode()) != (emulated == null || emulated.isMissingNode())) {
                out.add((path.isEmpty() ? "(body)" : path) + ": " + (real == null || real.isMissingNode()
                        ? "no body from real" : "no body from the emulator"));
            }
            return;
        }
        if (!type(real).equals(type(emulated))) {
            out.add(path + ": real " + type(real) + ", emulator " + type(emulated));
            return;
        }
        if (real.isObject()) {
            if (field != null && FREE_KEY_MAPS.contains(field)) {
                compare(path + ".*", null, merged(real.elements()), merged(emulated.elements()), out);
                return;
            }
            Set<String> names = new TreeSet<>();
            real.fieldNames().forEachRemaining(names::add);
            emulated.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                if (!real.has(name)) {
                    out.add(child + ": only from the emulator");
                } else if (!emulated.has(name)) {
                    out.add(child + ": only from real");
                } else {
                    compare(child, name, real.get(name), emulated.get(name), out);
                }
            }
        } else if (real.isArray() && !real.isEmpty() && !emulated.isEmpty()) {
            compare(path + "[]", field, merged(real.elements()), merged(emulated.elements()), out);
        }
    }

    /** One value standing for all: objects merged field by field (the first non-null wins). */
    private static JsonNode merged(java.util.Iterator<JsonNode> values) {
        ObjectNode union = null;
        JsonNode first = null;
        while (values.hasNext()) {
            JsonNode value = values.next();
            if (first == null || first.isNull()) {
                first = value;
            }
            if (value.isObject()) {
                if (union == null) {
                    union = JsonNodeFactory.instance.objectNode();
                }
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    JsonNode known = union.get(entry.getKey());
                    if (known == null || known.isNull() || (known.isArray() && known.isEmpty())) {
                        union.set(entry.getKey(), entry.getValue());
                    }
                }
            }
        }
        return union != null ? union : first == null ? JsonNodeFactory.instance.nullNode() : first;
    }

    private static String type(JsonNode node) {
        return node.isIntegralNumber() ? "integer" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
