package githubrunner.sim.juju;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One hook-tool invocation: its arguments, the hook's environment and the emulator state. */
final class ToolCall {
    final String tool;
    final ToolArgs args;
    final Map<String, String> env;
    final StateStore store;
    private final InputStream stdin;

    ToolCall(String tool, ToolArgs args, Map<String, String> env, StateStore store, InputStream stdin) {
        this.tool = tool;
        this.args = args;
        this.env = env;
        this.store = store;
        this.stdin = stdin;
    }

    String format() {
        return args.value("format");
    }

    String contextId() {
        return env.get("JUJU_CONTEXT_ID");
    }

    Path charmDir() {
        return Path.of(env.getOrDefault("JUJU_CHARM_DIR", "."));
    }

    String readStdin() throws ToolError {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ToolError.runtime("cannot read stdin: " + e.getMessage());
        }
    }

    void requireAction() throws ToolError {
        if (env.getOrDefault("JUJU_ACTION_NAME", "").isEmpty()) {
            throw ToolError.runtime("not running an action");
        }
    }

    /** The relation named by {@code -r} (id or endpoint:id), else the hook's own relation. */
    JujuState.Relation relation(JujuState state) throws ToolError {
        String given = args.value("relation");
        String text = given != null ? given : env.getOrDefault("JUJU_RELATION_ID", "");
        if (text.isEmpty()) {
            throw ToolError.usage("no relation id specified");
        }
        String number = text.substring(text.lastIndexOf(':') + 1);
        JujuState.Relation relation = number.matches("[0-9]+") ? state.relation(Integer.parseInt(number)) : null;
        if (relation == null || (given != null && relation.broken)) {
            throw ToolError.usage("invalid value \"" + text + "\" for option -r: relation not found");
        }
        return relation;
    }

    /** This context's uncommitted changes, created on first use. */
    JujuState.Pending pending(JujuState state) {
        return state.pending.computeIfAbsent(contextId(), id -> new JujuState.Pending());
    }

    /** The local unit's (or app's) databag as this hook sees it: committed data plus its own writes. */
    Map<String, String> localData(JujuState state, JujuState.Relation relation, boolean app) {
        Map<String, String> data = new LinkedHashMap<>(app ? relation.localAppData : relation.localUnitData);
        JujuState.Pending pending = state.pending.get(contextId());
        if (pending != null) {
            for (JujuState.RelationWrite write : pending.relationWrites) {
                if (write.relationId() == relation.id && write.app() == app) {
                    apply(data, write.data());
                }
            }
        }
        return data;
    }

    /** relation-set semantics: update keys, an empty value deletes. */
    static void apply(Map<String, String> data, Map<String, String> changes) {
        changes.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
        });
    }
}
