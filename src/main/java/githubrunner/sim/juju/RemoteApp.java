package githubrunner.sim.juju;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The other side of a relation, as a provider charm would fill it: its units' databags, its
 * application databag, and secrets it owns and grants to the relation, each published in the
 * application databag under its key (MongoDB's {@code secret-user}: username, password, uris).
 *
 * @param units remote unit name to its databag
 * @param secrets application-databag key (e.g. {@code secret-user}) to the secret's content
 */
public record RemoteApp(String name, Map<String, Map<String, String>> units, Map<String, String> appData,
                        Map<String, Map<String, String>> secrets) {
    public RemoteApp {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a remote application name, not '" + name + "'");
        }
        for (String unit : units.keySet()) {
            if (!unit.startsWith(name + "/")) {
                throw new IllegalArgumentException("unit " + unit + " is not a unit of " + name);
            }
        }
        units = copy(units);
        appData = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(appData));
        secrets = copy(secrets);
    }

    /** An application with no units, no data and no secrets yet. */
    public static RemoteApp named(String name) {
        return new RemoteApp(name, Map.of(), Map.of(), Map.of());
    }

    public RemoteApp withUnit(String unit, Map<String, String> data) {
        Map<String, Map<String, String>> more = new LinkedHashMap<>(units);
        more.put(unit, data);
        return new RemoteApp(name, more, appData, secrets);
    }

    public RemoteApp withAppData(Map<String, String> data) {
        Map<String, String> more = new LinkedHashMap<>(appData);
        more.putAll(data);
        return new RemoteApp(name, units, more, secrets);
    }

    /** A secret this application owns and grants to the relation; its URI goes under {@code bagKey}. */
    public RemoteApp withSecret(String bagKey, Map<String, String> content) {
        Map<String, Map<String, String>> more = new LinkedHashMap<>(secrets);
        more.put(bagKey, content);
        return new RemoteApp(name, units, appData, more);
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> maps) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        maps.forEach((key, value) -> copy.put(key, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(value))));
        return java.util.Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "RemoteApp[" + name + ", units " + units.keySet() + ", secrets " + secrets.keySet() + "]";
    }
}
