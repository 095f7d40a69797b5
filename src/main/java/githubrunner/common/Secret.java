package githubrunner.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential (token, private key, password, JIT config). Serialised as its plain value, so it
 * can go into the 0600 manager config, but its {@link #toString()} never reveals it: records
 * that hold secrets can be logged safely.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain value: only for the code that must send it somewhere. */
    @JsonValue
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        // Constant-time, so comparing secrets leaks nothing through timing.
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "*****";
    }
}
