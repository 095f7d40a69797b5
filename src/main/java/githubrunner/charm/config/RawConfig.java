package githubrunner.charm.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Typed reads of {@code config-get} output; a value of the wrong type is a config error. */
final class RawConfig {
    /** More digits than any long has: refused as out of range without parsing. */
    private static final int MAX_NUMBER_CHARS = 25;

    private final Map<String, Object> values;

    RawConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** The option's text, "" when unset. */
    String string(String key) {
        Object value = values.get(key);
        return value == null ? "" : value.toString();
    }

    /**
     * The option's integer, {@code fallback} when unset; outside {@code min..max} it is refused with
     * the range. Exact at any size: 2147483648 or 18446744073709551616 never wrap to a valid value.
     */
    long integer(String key, long fallback, long min, long max) throws ConfigException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value instanceof Number || value instanceof String ? value.toString().strip() : "";
        if (text.length() > MAX_NUMBER_CHARS && text.matches("[+-]?[0-9]+")) {
            throw outOfRange(key, min, max, "a " + text.replaceFirst("^[+-]", "").length() + "-digit number");
        }
        BigInteger number = wholeNumber(text);
        if (number == null) {
            throw ConfigException.blocked("The " + key + " config must be int");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(key, min, max, number.bitLength() > 80 ? "a " + number.abs().toString().length()
                    + "-digit number" : number.toString());
        }
        return number.longValueExact();
    }

    /** The whole number {@code text} spells (1000, 1e3, 1000.0), or null. */
    private static BigInteger wholeNumber(String text) {
        if (text.isEmpty() || text.length() > MAX_NUMBER_CHARS) {
            return null;
        }
        try {
            BigDecimal decimal = new BigDecimal(text);
            return decimal.stripTrailingZeros().scale() <= 0 ? decimal.toBigIntegerExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static ConfigException outOfRange(String key, long min, long max, String shown) {
        return ConfigException.blocked("The " + key + " config must be between " + min + " and " + max + ", got " + shown);
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
