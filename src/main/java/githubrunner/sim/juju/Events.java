package githubrunner.sim.juju;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment Juju gives each kind of event, on top of what every hook gets (reference/juju.md §1.2). */
final class Events {
    private Events() {}

    static Map<String, String> hook(String hook) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "hooks/" + hook);
        env.put("JUJU_HOOK_NAME", hook);
        return env;
    }

    /** Like Juju &lt; 2.8, which ran {@code hooks/<hook>} itself: no JUJU_DISPATCH_PATH. */
    static Map<String, String> legacyHook(String hook) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_HOOK_NAME", hook);
        return env;
    }

    /** @param remoteUnit the remote unit, or "" for a change of the remote application's databag */
    static Map<String, String> relation(JujuState.Relation relation, String phase, String remoteUnit) {
        Map<String, String> env = hook(relationHook(relation, phase));
        env.put("JUJU_RELATION", relation.endpoint);
        env.put("JUJU_RELATION_ID", relation.key());
        env.put("JUJU_REMOTE_UNIT", phase.equals("created") || phase.equals("broken") ? "" : remoteUnit);
        env.put("JUJU_REMOTE_APP", relation.remoteApp);
        if (phase.equals("departed")) {
            env.put("JUJU_DEPARTING_UNIT", remoteUnit);
        }
        return env;
    }

    static String relationHook(JujuState.Relation relation, String phase) {
        return relation.endpoint + "-relation-" + phase;
    }

    static Map<String, String> secretChanged(String secretId, String label) {
        Map<String, String> env = hook("secret-changed");
        env.put("JUJU_SECRET_ID", secretId);
        env.put("JUJU_SECRET_LABEL", label == null ? "" : label);
        return env;
    }

    static Map<String, String> action(String name, String id) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "actions/" + name);
        env.put("JUJU_HOOK_NAME", "");
        env.put("JUJU_ACTION_NAME", name);
        env.put("JUJU_ACTION_UUID", id);
        env.put("JUJU_ACTION_TAG", "action-" + id);
        return env;
    }
}
