package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test support: compares the structure of two JSON documents, not their values. Same field names
 * at every level, same JSON types (string, number, boolean, object, array); a null on either
 * side matches any type (a sample's null says "nullable", not "always null"). Array elements
 * are compared with the sample's element at the same index, or its first.
 */
public final class JsonShape {
    private final Set<String> freeKeyMaps;
    private final Set<String> optionalKeys;
    private final Set<String> looselyTyped;

    /**
     * @param freeKeyMaps fields whose value is a map with arbitrary keys (e.g. {@code metadata},
     *     {@code addresses}): its values are compared with the sample's first value
     * @param optionalKeys fields either side may lack (sample typos, fields present in one sample
     *     of a resource and not in another)
     * @param looselyTyped fields whose type the samples themselves disagree on
     */
    public JsonShape(Set<String> freeKeyMaps, Set<String> optionalKeys, Set<String> looselyTyped) {
        this.freeKeyMaps = freeKeyMaps;
        this.optionalKeys = optionalKeys;
        this.looselyTyped = looselyTyped;
    }

    /** The differences, one line each; empty when the shapes agree. */
    public List<String> differences(JsonNode sample, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", null, sample, actual, out);
        return out;
    }

    private void compare(String path, String field, JsonNode sample, JsonNode actual, List<String> out) {
        if (sample == null || actual == null || sample.isNull() || actual.isNull()) {
            return;
        }
        if (!type(sample).equals(type(actual))) {
            if (field == null || !looselyTyped.contains(field)) {
                out.add(path + ": sample is " + type(sample) + ", emulator gives " + type(actual));
            }
            return;
        }
        if (sample.isObject()) {
            if (field != null && freeKeyMaps.contains(field)) {
                Iterator<JsonNode> values = sample.elements();
                if (values.hasNext()) {
                    JsonNode first = values.next();
                    for (Map.Entry<String, JsonNode> entry : actual.properties()) {
                        compare(path + "." + entry.getKey(), null, first, entry.getValue(), out);
                    }
                }
                return;
            }
            Set<String> names = new TreeSet<>();
            sample.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                boolean inSample = sample.has(name);
                boolean inActual = actual.has(name);
                if (inSample && inActual) {
                    compare(path + "." + name, name, sample.get(name), actual.get(name), out);
                } else if (!optionalKeys.contains(name)) {
                    out.add(path + "." + name + (inSample ? ": in the sample, missing from the emulator"
                            : ": given by the emulator, not in the sample"));
                }
            }
        } else if (sample.isArray() && !sample.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", field, sample.get(Math.min(i, sample.size() - 1)), actual.get(i), out);
            }
        }
    }

    private static String type(JsonNode node) {
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isTextual() ? "string" : node.getNodeType().toString().toLowerCase();
    }
}
