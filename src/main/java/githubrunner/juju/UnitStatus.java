package githubrunner.juju;

import java.util.Locale;
import java.util.Objects;

/** A workload status as {@code status-set} takes it. */
public record UnitStatus(Kind kind, String message) {
    public enum Kind {
        MAINTENANCE, BLOCKED, WAITING, ACTIVE, UNKNOWN;

        public String jujuName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromJujuName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public UnitStatus {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }

    public static UnitStatus active(String message) { return new UnitStatus(Kind.ACTIVE, message); }
    public static UnitStatus blocked(String message) { return new UnitStatus(Kind.BLOCKED, message); }
    public static UnitStatus waiting(String message) { return new UnitStatus(Kind.WAITING, message); }
    public static UnitStatus maintenance(String message) { return new UnitStatus(Kind.MAINTENANCE, message); }

    @Override
    public String toString() {
        return message.isEmpty() ? kind.jujuName() : kind.jujuName() + ": " + message;
    }
}
