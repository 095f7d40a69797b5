package githubrunner.charm;

import java.util.regex.Pattern;

/**
 * The unit's names: {@code github-runner/0} is application {@code github-runner}, number 0, and
 * every VM, keypair and runner it owns is named {@code github-runner-0-<12 hex>}.
 */
public record UnitIdentity(String unitName, String application, int number) {
    /** VM names are at most 64 characters: prefix, dash, 12 hex digits. */
    public static final int MAX_PREFIX_LENGTH = 64 - 13;
    private static final Pattern UNIT = Pattern.compile("([a-z][a-z0-9-]*)/([0-9]+)");

    public static UnitIdentity parse(String unitName) {
        var matcher = UNIT.matcher(unitName == null ? "" : unitName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a Juju unit name: '" + unitName + "'");
        }
        return new UnitIdentity(unitName, matcher.group(1), Integer.parseInt(matcher.group(2)));
    }

    /** Name prefix of the unit's resources, and the name of its state directory and service. */
    public String prefix() {
        return application + "-" + number;
    }
}
