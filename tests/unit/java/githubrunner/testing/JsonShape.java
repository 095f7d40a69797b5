package githubrunner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Structural comparison of JSON documents: does {@code actual} (an emulator's answer) have the
 * fields of {@code sample} (an official sample) with the same JSON types? Values are not compared.
 * Paths read like {@code runners[].labels[].type}.
 *
 * <ul>
 *   <li>every field of the sample must be present, with the same type (integers and decimals differ);</li>
 *   <li>a field absent from the sample is a difference unless its path is one of the {@link #extras}
 *       (documented fields the sample happens not to show);</li>
 *   <li>{@code null} where the sample has a value is a difference unless its path is
 *       {@link #nullable} (or {@link #nullsAnywhere}); a sample {@code null} accepts any type;</li>
 *   <li>array elements are checked against all the sample's elements merged; a field only some
 *       sample elements have is optional;</li>
 *   <li>{@link #optional} field names may be missing on either side, {@link #looselyTyped} ones may
 *       differ in type, at any depth (where samples disagree with each other);</li>
 *   <li>the values of {@link #freeKeyMaps} (maps whose keys are data, like server metadata) are
 *       compared with the sample's values merged, whatever their keys.</li>
 * </ul>
 */
public final class JsonShape {
    /** No allowances: the answer has exactly the sample's fields and types. */
    public static final JsonShape EXACT = new JsonShape(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Set<String> extras;
    private final Set<String> nullable;
    private final Set<String> optional;
    private final Set<String> looselyTyped;
    private final Set<String> freeKeyMaps;
    private final boolean nullsAnywhere;

    private JsonShape(Set<String> extras, Set<String> nullable, Set<String> optional, Set<String> looselyTyped,
                      Set<String> freeKeyMaps, boolean nullsAnywhere) {
        this.extras = extras;
        this.nullable = nullable;
        this.optional = optional;
        this.looselyTyped = looselyTyped;
        this.freeKeyMaps = freeKeyMaps;
        this.nullsAnywhere = nullsAnywhere;
    }

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

    /** Paths of fields the answer may have that the sample lacks. */
    public JsonShape extras(Set<String> paths) {
        return new JsonShape(paths, nullable, optional, looselyTyped, freeKeyMaps, nullsAnywhere);
    }

    /** Paths of fields the answer may give as {@code null} where the sample has a value. */
    public JsonShape nullable(Set<String> paths) {
        return new JsonShape(extras, paths, optional, looselyTyped, freeKeyMaps, nullsAnywhere);
    }

    /** Field names either side may lack, at any depth. */
    public JsonShape optional(Set<String> names) {
        return new JsonShape(extras, nullable, names, looselyTyped, freeKeyMaps, nullsAnywhere);
    }

    /** Field names whose type the samples themselves disagree on. */
    public JsonShape looselyTyped(Set<String> names) {
        return new JsonShape(extras, nullable, optional, names, freeKeyMaps, nullsAnywhere);
    }

    /** Field names whose value is a map with arbitrary keys. */
    public JsonShape freeKeyMaps(Set<String> names) {
        return new JsonShape(extras, nullable, optional, looselyTyped, names, nullsAnywhere);
    }

    /**
     * Any field may be {@code null} where the sample has a value (APIs whose samples show one
     * state of resources with many optional attributes, like Neutron's).
     */
    public JsonShape nullsAnywhere() {
        return new JsonShape(extras, nullable, optional, looselyTyped, freeKeyMaps, true);
    }

    /** The differences, one line each; empty when the shapes agree. */
    public List<String> differences(JsonNode sample, JsonNode actual) {
        List<String> found = new ArrayList<>();
        compare("", null, sample, actual, Set.of(), found);
        return found;
    }

    private void compare(String path, String field, JsonNode sample, JsonNode actual, Set<String> sometimes,
                         List<String> found) {
        if (sample.isNull()) {
            return;
        }
        if (actual.isNull()) {
            if (!nullsAnywhere && !nullable.contains(path)) {
                found.add(path + ": null, sample has " + type(sample));
            }
            return;
        }
        if (!type(sample).equals(type(actual))) {
            if (field == null || !looselyTyped.contains(field)) {
                found.add(path + ": " + type(actual) + ", sample has " + type(sample));
            }
            return;
        }
        if (sample.isObject() && field != null && freeKeyMaps.contains(field)) {
            if (!sample.isEmpty()) {
                JsonNode value = merged(sample.elements(), new LinkedHashMap<>());
                actual.properties().forEach(entry ->
                        compare(join(path, entry.getKey()), null, value, entry.getValue(), Set.of(), found));
            }
        } else if (sample.isObject()) {
            for (Map.Entry<String, JsonNode> entry : sample.properties()) {
                String name = entry.getKey();
                JsonNode value = actual.get(name);
                if (value != null) {
                    compare(join(path, name), name, entry.getValue(), value, Set.of(), found);
                } else if (!sometimes.contains(name) && !optional.contains(name)) {
                    found.add(join(path, name) + ": missing");
                }
            }
            actual.fieldNames().forEachRemaining(name -> {
                if (!sample.has(name) && !extras.contains(join(path, name)) && !optional.contains(name)) {
                    found.add(join(path, name) + ": not in the sample");
                }
            });
        } else if (sample.isArray() && !sample.isEmpty()) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            JsonNode element = merged(sample.elements(), seen);
            Set<String> partly = new HashSet<>();
            seen.forEach((name, count) -> {
                if (count < sample.size()) {
                    partly.add(name);
                }
            });
            for (JsonNode item : actual) {
                compare(path + "[]", field, element, item, partly, found);
            }
        }
    }

    /**
     * One value standing for several: objects are merged field by field, and {@code seen} counts
     * how many of them had each field.
     */
    private static JsonNode merged(Iterator<JsonNode> values, Map<String, Integer> seen) {
        JsonNode first = values.next();
        if (!first.isObject()) {
            return first;
        }
        ObjectNode union = MAPPER.createObjectNode();
        for (JsonNode item = first; item != null; item = values.hasNext() ? values.next() : null) {
            item.properties().forEach(entry -> {
                seen.merge(entry.getKey(), 1, Integer::sum);
                JsonNode known = union.get(entry.getKey());
                boolean better = known == null || known.isNull()
                        || (known.isArray() && known.isEmpty() && entry.getValue().isArray());
                if (better) {
                    union.set(entry.getKey(), entry.getValue());
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
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
