package githubrunner.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name shared by a runner's VM, keypair, key file and GitHub runner:
 * {@code <prefix>-<12 hex>}, where the prefix is the unit ({@code github-runner-0}). Names made by
 * older charms carry an {@code n-} or {@code r-} infix and are still recognised.
 *
 * <p>Parsing is strict, so one unit never claims another's resources: unit {@code a-1} must not
 * take {@code a-1-1-0123456789ab}, which belongs to unit {@code a-1-1}.
 */
public record InstanceName(String prefix, String infix, String suffix) {
    public static final int MAX_LENGTH = 64;
    private static final Pattern TAIL = Pattern.compile("(?:([nr])-)?([0-9a-f]{12})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh name for a new runner of the unit with this prefix. */
    public static InstanceName generate(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        InstanceName name = new InstanceName(prefix, "", HexFormat.of().formatHex(bytes));
        if (name.value().length() > MAX_LENGTH) {
            throw new IllegalArgumentException("prefix too long for a " + MAX_LENGTH + "-character name: " + prefix);
        }
        return name;
    }

    /** The name, if it belongs to the unit with this prefix. */
    public static Optional<InstanceName> parse(String name, String prefix) {
        if (name == null || name.length() > MAX_LENGTH || !name.startsWith(prefix + "-")) {
            return Optional.empty();
        }
        var matcher = TAIL.matcher(name.substring(prefix.length() + 1));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String infix = matcher.group(1) == null ? "" : matcher.group(1) + "-";
        return Optional.of(new InstanceName(prefix, infix, matcher.group(2)));
    }

    public static boolean belongsTo(String name, String prefix) {
        return parse(name, prefix).isPresent();
    }

    public String value() {
        return prefix + "-" + infix + suffix;
    }

    @Override
    public String toString() {
        return value();
    }
}
