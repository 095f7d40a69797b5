package githubrunner.charm;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out which event is running from the dispatch environment (reference/juju.md §1.2–1.4):
 * {@code JUJU_DISPATCH_PATH} ({@code hooks/<name>} or {@code actions/<name>}), falling back to the
 * name the process was started as ({@code hooks/install} on Juju &lt; 2.8).
 */
public final class EventResolver {
    /** Endpoint names contain dashes too, so match the suffix, never split on '-'. */
    private static final Pattern RELATION_HOOK = Pattern.compile("(.+)-relation-(created|joined|changed|departed|broken)");
    private static final Pattern SECRET_HOOK = Pattern.compile("secret-(changed|rotate|expired|remove)");

    private EventResolver() {}

    /**
     * @param environment the process environment
     * @param argv0 the path dispatch was started as, used when JUJU_DISPATCH_PATH is absent
     * @throws IllegalArgumentException when no event can be worked out at all
     */
    public static Event resolve(Map<String, String> environment, String argv0) {
        String path = environment.getOrDefault("JUJU_DISPATCH_PATH", "");
        if (path.isEmpty() && argv0 != null && !argv0.isEmpty()) {
            path = fromArgv0(argv0);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("no event to dispatch: JUJU_DISPATCH_PATH is not set");
        }
        if (path.startsWith("actions/")) {
            String name = path.substring("actions/".length());
            String declared = environment.getOrDefault("JUJU_ACTION_NAME", "");
            return Event.action(declared.isEmpty() ? name : declared);
        }
        String name = path.startsWith("hooks/") ? path.substring("hooks/".length()) : path;
        Matcher relation = RELATION_HOOK.matcher(name);
        if (relation.matches()) {
            String endpoint = environment.getOrDefault("JUJU_RELATION", "");
            return new Event(Event.Kind.RELATION, name, endpoint.isEmpty() ? relation.group(1) : endpoint,
                    environment.getOrDefault("JUJU_RELATION_ID", ""),
                    environment.getOrDefault("JUJU_REMOTE_UNIT", ""),
                    environment.getOrDefault("JUJU_REMOTE_APP", ""), "");
        }
        if (SECRET_HOOK.matcher(name).matches()) {
            return new Event(Event.Kind.SECRET, name, "", "", "", "", environment.getOrDefault("JUJU_SECRET_ID", ""));
        }
        return Event.hook(name);
    }

    private static String fromArgv0(String argv0) {
        String[] parts = argv0.split("/");
        String base = parts[parts.length - 1];
        String parent = parts.length > 1 ? parts[parts.length - 2] : "";
        if ("dispatch".equals(base)) {
            return "";
        }
        return ("actions".equals(parent) ? "actions/" : "hooks/") + base;
    }
}
