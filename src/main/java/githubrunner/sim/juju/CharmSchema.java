package githubrunner.sim.juju;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The charm's config.yaml and actions.yaml, as Juju reads them: option types and defaults. */
final class CharmSchema {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode options;
    private final JsonNode actions;

    private CharmSchema(JsonNode options, JsonNode actions) {
        this.options = options;
        this.actions = actions;
    }

    static CharmSchema load(Path charmDir) {
        return new CharmSchema(read(charmDir.resolve("config.yaml")).path("options"), read(charmDir.resolve("actions.yaml")));
    }

    private static JsonNode read(Path file) {
        try {
            return Files.exists(file) ? YAML.readTree(file.toFile()) : YAML.createObjectNode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    boolean hasOption(String name) {
        return options.has(name);
    }

    String type(String option) {
        return options.path(option).path("type").asText("string");
    }

    /** Set values over non-null defaults; with {@code all}, unset options without default as null. */
    Map<String, Object> effectiveConfig(Map<String, Object> set, boolean all) {
        Map<String, Object> result = new LinkedHashMap<>();
        options.properties().forEach(entry -> {
            String name = entry.getKey();
            Object value = set.containsKey(name) ? set.get(name) : defaultValue(entry.getValue());
            if (value != null || all) {
                result.put(name, value);
            }
        });
        return result;
    }

    private static Object defaultValue(JsonNode option) {
        JsonNode value = option.get("default");
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (option.path("type").asText("string")) {
            case "int" -> value.asLong();
            case "float" -> value.asDouble();
            case "boolean" -> value.asBoolean();
            default -> value.asText();
        };
    }

    /** Converts and checks a value the way {@code juju config} does. */
    Object coerce(String option, Object value) {
        if (!hasOption(option)) {
            throw new IllegalArgumentException("unknown option \"" + option + "\"");
        }
        if (value == null) {
            return null;
        }
        String text = value.toString();
        String type = type(option);
        try {
            return switch (type) {
                case "int" -> value instanceof Number n ? n.longValue() : Long.parseLong(text.strip());
                case "float" -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text.strip());
                case "boolean" -> {
                    if (value instanceof Boolean b) {
                        yield b;
                    }
                    if (!text.matches("(?i)true|false")) {
                        throw new IllegalArgumentException();
                    }
                    yield Boolean.parseBoolean(text);
                }
                case "secret" -> {
                    if (!text.isEmpty() && !text.startsWith("secret:")) {
                        throw new IllegalArgumentException("secret URI scheme missing");
                    }
                    yield text;
                }
                default -> text;
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option \"" + option + "\" expected " + type + ", got \"" + text + "\"");
        }
    }

    boolean hasAction(String name) {
        return actions.has(name);
    }

    /** Action parameters with schema defaults filled in, checked for type and unknown keys. */
    Map<String, Object> actionParams(String action, Map<String, Object> given) {
        if (!hasAction(action)) {
            throw new IllegalArgumentException("action \"" + action + "\" not defined");
        }
        JsonNode params = actions.path(action).path("params");
        Map<String, Object> result = new LinkedHashMap<>();
        params.properties().forEach(entry -> {
            JsonNode def = entry.getValue().get("default");
            if (def != null && !def.isNull()) {
                result.put(entry.getKey(), YAML.convertValue(def, Object.class));
            }
        });
        for (var entry : given.entrySet()) {
            JsonNode spec = params.get(entry.getKey());
            if (spec == null) {
                if (actions.path(action).path("additionalProperties").asBoolean(true)) {
                    result.put(entry.getKey(), entry.getValue());
                    continue;
                }
                throw new IllegalArgumentException("additional property \"" + entry.getKey() + "\" is not allowed");
            }
            result.put(entry.getKey(), coerceParam(entry.getKey(), spec.path("type").asText("string"), entry.getValue()));
        }
        return result;
    }

    private static Object coerceParam(String name, String type, Object value) {
        String text = value.toString();
        return switch (type) {
            case "boolean" -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (!text.matches("true|false")) {
                    throw new IllegalArgumentException(name + ": expected boolean, given \"" + text + "\"");
                }
                yield Boolean.parseBoolean(text);
            }
            case "integer" -> {
                try {
                    yield value instanceof Number n ? n.longValue() : Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": expected integer, given \"" + text + "\"");
                }
            }
            default -> value;
        };
    }
}
