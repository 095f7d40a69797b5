package githubrunner.charm.config;

import java.util.List;

/**
 * Pool sizes and the flavor: base-virtual-machines, max-total-virtual-machines, the deprecated
 * virtual-machines, flavor-label-combinations and the deprecated openstack-flavor.
 *
 * @param flavorLabel the label that goes with the flavor, or null
 */
record RunnerSettings(int base, int max, String flavor, String flavorLabel) {
    static final int MAX_VIRTUAL_MACHINES = 10_000;

    static RunnerSettings parse(RawConfig config) throws ConfigException {
        int base = count(config, "base-virtual-machines");
        int max = count(config, "max-total-virtual-machines");
        int legacy = count(config, "virtual-machines");
        if (base == 0 && max == 0) {
            base = legacy;
            max = legacy;
        } else if (legacy != 0) {
            throw ConfigException.blocked("Invalid configuration. "
                    + "Both deprecated and new configuration are set for the number of machines to spawn.");
        }
        if (max > 0 && max < base) {
            throw ConfigException.blocked("max-total-virtual-machines (" + max + ") must be >= base-virtual-machines ("
                    + base + ")");
        }
        String[] flavorLabel = flavorLabel(config.string("flavor-label-combinations"));
        if (flavorLabel == null) {
            String flavor = config.string("openstack-flavor").strip();
            if (flavor.isEmpty()) {
                throw ConfigException.blocked("OpenStack flavor not specified");
            }
            return new RunnerSettings(base, max, flavor, null);
        }
        return new RunnerSettings(base, max, flavorLabel[0], flavorLabel[1]);
    }

    List<String> flavorLabels() {
        return flavorLabel == null ? List.of() : List.of(flavorLabel);
    }

    private static int count(RawConfig config, String key) throws ConfigException {
        return (int) config.integer(key, 0, 0, MAX_VIRTUAL_MACHINES);
    }

    /** One "flavor:label" pair, or null when the option is empty. */
    private static String[] flavorLabel(String text) throws ConfigException {
        if (text.isEmpty()) {
            return null;
        }
        String[] entries = text.split(",", -1);
        if (entries.length > 1) {
            throw ConfigException.blocked("Several flavor-label combinations not yet implemented");
        }
        String[] parts = entries[0].strip().split(":", -1);
        if (parts.length != 2) {
            throw ConfigException.blocked("Invalid flavor-label configuration");
        }
        String flavor = parts[0].strip();
        String label = parts[1].strip();
        if (flavor.isEmpty()) {
            throw ConfigException.blocked("Invalid empty flavor in flavor-label configuration");
        }
        if (label.isEmpty()) {
            throw ConfigException.blocked("Invalid empty label in flavor-label configuration");
        }
        if (!Labels.isValid(label)) {
            throw ConfigException.blocked("Invalid flavor-label configuration: label '" + label
                    + "' may only contain letters, digits, '_' and '-'");
        }
        return new String[] {flavor, label};
    }
}
