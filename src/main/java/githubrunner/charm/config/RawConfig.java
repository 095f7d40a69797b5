package githubrunner.charm.config;

import java.util.Map;

/** Typed reads of {@code config-get} output; a value of the wrong type is a config error. */
final class RawConfig {
    private final Map<String, Object> values;

    RawConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** The option's text, "" when unset. */
    String string(String key) {
        Object value = values.get(key);
        return value == null ? "" : value.toString();
    }

    /** The option's integer, {@code fallback} when unset. */
    long integer(String key, long fallback) throws ConfigException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException ignored) {
                // fall through to the error
            }
        }
        throw ConfigException.blocked("The " + key + " config must be int");
    }

    /** True when the option is set to something other than null or "". */
    boolean isSet(String key) {
        Object value = values.get(key);
        return value != null && !value.toString().isEmpty();
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw ConfigException.blocked("The " + key + " config must be boolean");
    }
}
