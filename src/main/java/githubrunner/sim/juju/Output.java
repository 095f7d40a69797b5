package githubrunner.sim.juju;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/** Juju's output formats: json (what the charm asks for), yaml, and the default "smart". */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Output() {}

    static String format(Object value, String format) throws ToolError {
        try {
            switch (format == null ? "smart" : format) {
                case "json":
                    return JSON.writeValueAsString(value) + "\n";
                case "yaml":
                    return value == null ? "" : YAML.writeValueAsString(value).replaceFirst("^---\n", "");
                case "smart":
                    if (value == null) {
                        return "";
                    }
                    if (value instanceof String text) {
                        return text + "\n";
                    }
                    if (value instanceof Boolean b) {
                        return (b ? "True" : "False") + "\n";
                    }
                    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                        StringBuilder lines = new StringBuilder();
                        list.forEach(item -> lines.append(item).append('\n'));
                        return lines.toString();
                    }
                    return YAML.writeValueAsString(value).replaceFirst("^---\n", "");
                default:
                    throw ToolError.usage("invalid value \"" + format + "\" for option --format: unknown format \""
                            + format + "\"");
            }
        } catch (JsonProcessingException e) {
            throw ToolError.runtime("cannot format output: " + e.getMessage());
        }
    }
}
