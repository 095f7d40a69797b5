package githubrunner.sim.juju;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The hook tools, each with Juju's flags, output and errors (reference/juju.md §2). */
final class HookTools {
    /** A tool: its flags and what it does. Returns stdout. */
    interface Tool {
        ToolArgs.Spec spec();

        String run(ToolCall call) throws ToolError;
    }

    private static final Set<String> FORMAT = Set.of("format");
    private static final Pattern ACTION_KEY = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Set<String> RESERVED_ACTION_KEYS = Set.of("stdout", "stdout-encoding", "stderr", "stderr-encoding");
    private static final List<String> STATUSES = List.of("maintenance", "blocked", "waiting", "active");
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final Map<String, Tool> ALL = new LinkedHashMap<>();

    static {
        register("config-get", ToolArgs.Spec.of(Set.of("all"), FORMAT).withAliases(Map.of("a", "all")), HookTools::configGet);
        register("status-set", ToolArgs.Spec.of(Set.of("application"), Set.of()), HookTools::statusSet);
        register("status-get", ToolArgs.Spec.of(Set.of("include-data", "application"), FORMAT), HookTools::statusGet);
        register("application-version-set", ToolArgs.Spec.of(Set.of(), Set.of()), HookTools::applicationVersionSet);
        register("juju-log", ToolArgs.Spec.of(Set.of("debug"), Set.of("log-level", "format"))
                .withAliases(Map.of("l", "log-level")), HookTools::jujuLog);
        register("is-leader", ToolArgs.Spec.of(Set.of(), FORMAT), HookTools::isLeader);
        register("relation-ids", ToolArgs.Spec.of(Set.of(), FORMAT), HookTools::relationIds);
        register("relation-list", ToolArgs.Spec.of(Set.of("app"), Set.of("format", "relation"))
                .withAliases(Map.of("r", "relation")), HookTools::relationList);
        register("relation-get", ToolArgs.Spec.of(Set.of("app"), Set.of("format", "relation"))
                .withAliases(Map.of("r", "relation")), HookTools::relationGet);
        register("relation-set", ToolArgs.Spec.of(Set.of("app"), Set.of("format", "relation", "file"))
                .withAliases(Map.of("r", "relation")), HookTools::relationSet);
        register("action-get", ToolArgs.Spec.of(Set.of(), FORMAT), HookTools::actionGet);
        register("action-set", ToolArgs.Spec.of(Set.of(), Set.of()), HookTools::actionSet);
        register("action-fail", ToolArgs.Spec.of(Set.of(), Set.of()), HookTools::actionFail);
        register("action-log", ToolArgs.Spec.of(Set.of(), Set.of()), HookTools::actionLog);
        register("secret-get", ToolArgs.Spec.of(Set.of("refresh", "peek"), Set.of("format", "label")), HookTools::secretGet);
        register("state-get", ToolArgs.Spec.of(Set.of("strict"), FORMAT), HookTools::stateGet);
        register("state-set", ToolArgs.Spec.of(Set.of(), Set.of("file")), HookTools::stateSet);
        register("state-delete", ToolArgs.Spec.of(Set.of(), Set.of()), HookTools::stateDelete);
        register("unit-get", ToolArgs.Spec.of(Set.of(), FORMAT), HookTools::unitGet);
        register("open-port", ToolArgs.Spec.of(Set.of(), Set.of("endpoints", "format")), HookTools::openPort);
        register("close-port", ToolArgs.Spec.of(Set.of(), Set.of("endpoints", "format")), HookTools::closePort);
    }

    private HookTools() {}

    private interface Body {
        String run(ToolCall call) throws ToolError;
    }

    private static void register(String name, ToolArgs.Spec spec, Body body) {
        ALL.put(name, new Tool() {
            @Override
            public ToolArgs.Spec spec() {
                return spec;
            }

            @Override
            public String run(ToolCall call) throws ToolError {
                return body.run(call);
            }
        });
    }

    // --- configuration and status -------------------------------------------------------------

    private static String configGet(ToolCall call) throws ToolError {
        call.args.maxPositional(1);
        boolean all = call.args.bool("all");
        String key = call.args.positional.isEmpty() ? null : call.args.positional.get(0);
        if (all && key != null) {
            throw ToolError.usage("cannot use argument --all together with key \"" + key + "\"");
        }
        JujuState state = call.store.read();
        Map<String, Object> config = CharmSchema.load(call.charmDir()).effectiveConfig(state.config, all);
        return Output.format(key == null ? config : config.get(key), call.format());
    }

    private static String statusSet(ToolCall call) throws ToolError {
        List<String> args = call.args.positional;
        if (args.isEmpty()) {
            throw ToolError.usage("invalid args, require <status> [message] [data]");
        }
        call.args.maxPositional(2);
        String status = args.get(0);
        if (!STATUSES.contains(status)) {
            throw ToolError.usage("invalid status \"" + status + "\", expected one of [maintenance blocked waiting active]");
        }
        String message = args.size() > 1 ? args.get(1) : "";
        boolean application = call.args.bool("application");
        return update(call, state -> {
            if (application && !state.leader) {
                throw ToolError.runtime("this unit is not the leader");
            }
            JujuState.StatusEntry entry = new JujuState.StatusEntry(status, message, System.currentTimeMillis());
            state.status = entry;
            state.statusHistory.add(entry);
            return "";
        });
    }

    private static String statusGet(ToolCall call) throws ToolError {
        call.args.maxPositional(0);
        JujuState state = call.store.read();
        if (call.args.bool("application") && !state.leader) {
            throw ToolError.runtime("this unit is not the leader");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (call.args.bool("include-data")) {
            out.put("message", state.status.message());
            out.put("status", state.status.status());
            out.put("status-data", Map.of());
        } else {
            out.put("status", state.status.status());
        }
        return Output.format(out, call.format());
    }

    private static String applicationVersionSet(ToolCall call) throws ToolError {
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no version specified");
        }
        call.args.maxPositional(1);
        return update(call, state -> {
            state.applicationVersion = call.args.positional.get(0);
            return "";
        });
    }

    private static String jujuLog(ToolCall call) throws ToolError {
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no message specified");
        }
        String level = call.args.bool("debug") ? "DEBUG"
                : call.args.value("log-level") == null ? "INFO" : call.args.value("log-level").toUpperCase(Locale.ROOT);
        if (level.equals("WARN")) {
            level = "WARNING";
        }
        if (!LOG_LEVELS.contains(level)) {
            level = "INFO";   // Juju warns and falls back to INFO
        }
        String relation = call.env.getOrDefault("JUJU_RELATION_ID", "");
        String message = (relation.isEmpty() ? "" : relation + ": ") + String.join(" ", call.args.positional);
        String logLevel = level;
        return update(call, state -> {
            state.logs.add(new JujuState.LogLine(logLevel, message, call.env.getOrDefault("JUJU_DISPATCH_PATH", "")));
            return "";
        });
    }

    private static String isLeader(ToolCall call) throws ToolError {
        call.args.maxPositional(0);
        return Output.format(call.store.read().leader, call.format());
    }

    // --- relations ---------------------------------------------------------------------------------

    private static String relationIds(ToolCall call) throws ToolError {
        call.args.maxPositional(1);
        String endpoint = call.args.positional.isEmpty() ? call.env.getOrDefault("JUJU_RELATION", "")
                : call.args.positional.get(0);
        if (endpoint.isEmpty()) {
            throw ToolError.usage("no endpoint name specified");
        }
        TreeSet<String> ids = new TreeSet<>();
        for (JujuState.Relation relation : call.store.read().relations) {
            if (relation.endpoint.equals(endpoint) && !relation.broken) {
                ids.add(relation.key());
            }
        }
        return Output.format(new ArrayList<>(ids), call.format());
    }

    private static String relationList(ToolCall call) throws ToolError {
        call.args.maxPositional(0);
        JujuState state = call.store.read();
        JujuState.Relation relation = call.relation(state);
        if (call.args.bool("app")) {
            return Output.format(relation.remoteApp, call.format());
        }
        List<String> units = new ArrayList<>(relation.broken ? List.of() : relation.remoteUnits.keySet());
        String departing = call.env.getOrDefault("JUJU_DEPARTING_UNIT", "");
        units.remove(departing);
        return Output.format(units, call.format());
    }

    private static String relationGet(ToolCall call) throws ToolError {
        call.args.maxPositional(2);
        List<String> args = call.args.positional;
        String key = args.isEmpty() || args.get(0).equals("-") ? null : args.get(0);
        boolean app = call.args.bool("app");
        JujuState state = call.store.read();
        JujuState.Relation relation = call.relation(state);
        String target = args.size() > 1 ? args.get(1) : null;
        if (target == null) {
            String remoteUnit = call.env.getOrDefault("JUJU_REMOTE_UNIT", "");
            target = !remoteUnit.isEmpty() ? remoteUnit : app ? call.env.getOrDefault("JUJU_REMOTE_APP", "") : "";
        }
        if (target.isEmpty()) {
            throw ToolError.usage("no unit or application specified");
        }
        Map<String, String> data = read(call, state, relation, target, app);
        return Output.format(key == null ? data : data.get(key), call.format());
    }

    private static Map<String, String> read(ToolCall call, JujuState state, JujuState.Relation relation,
                                            String target, boolean app) throws ToolError {
        String targetApp = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        if (!app && !target.contains("/")) {
            throw ToolError.runtime("expected unit name, got application name \"" + target + "\"");
        }
        if (app) {
            if (targetApp.equals(state.application())) {
                if (!state.leader) {
                    throw ToolError.runtime("permission denied");
                }
                return call.localData(state, relation, true);
            }
            if (!targetApp.equals(relation.remoteApp)) {
                throw ToolError.runtime("permission denied");
            }
            return new LinkedHashMap<>(relation.remoteAppData);
        }
        if (target.equals(state.unit)) {
            return call.localData(state, relation, false);
        }
        Map<String, String> bag = relation.remoteUnits.get(target);
        if (bag == null) {
            throw ToolError.runtime("cannot read settings for unit \"" + target + "\" in relation \"" + relation.key()
                    + "\": unit \"" + target + "\": settings not found");
        }
        Map<String, String> data = new LinkedHashMap<>(bag);
        // Juju adds addresses to every unit databag.
        data.putIfAbsent("private-address", "10.0.1." + (Math.abs(target.hashCode()) % 250 + 2));
        data.putIfAbsent("ingress-address", data.get("private-address"));
        data.putIfAbsent("egress-subnets", data.get("private-address") + "/32");
        return data;
    }

    private static String relationSet(ToolCall call) throws ToolError {
        Map<String, String> changes = new LinkedHashMap<>();
        String file = call.args.value("file");
        if (file != null) {
            changes.putAll(stringMap(file.equals("-") ? call.readStdin() : readFile(file), "relation-set"));
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String pair : call.args.positional) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw ToolError.usage("expected \"key=value\", got \"" + pair + "\"");
            }
            String key = pair.substring(0, equals);
            if (!seen.add(key)) {
                throw ToolError.usage("key \"" + key + "\" specified more than once");
            }
            changes.put(key, pair.substring(equals + 1));
        }
        boolean app = call.args.bool("app");
        return update(call, state -> {
            JujuState.Relation relation = call.relation(state);
            if (app && !state.leader) {
                throw ToolError.runtime("cannot write relation settings");
            }
            call.pending(state).relationWrites.add(new JujuState.RelationWrite(relation.id, app, changes));
            return "";
        });
    }

    // --- actions -----------------------------------------------------------------------------------

    private static String actionGet(ToolCall call) throws ToolError {
        call.requireAction();
        call.args.maxPositional(1);
        JujuState state = call.store.read();
        Object value = state.action == null ? Map.of() : state.action.params;
        if (!call.args.positional.isEmpty()) {
            for (String part : call.args.positional.get(0).split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(part) : null;
            }
        }
        return Output.format(value, call.format());
    }

    @SuppressWarnings("unchecked")
    private static String actionSet(ToolCall call) throws ToolError {
        call.requireAction();
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no key=value pairs specified");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : call.args.positional) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw ToolError.usage("argument \"" + pair + "\" must be of the form key...=value");
            }
            String key = pair.substring(0, equals);
            for (String part : key.split("\\.", -1)) {
                if (!ACTION_KEY.matcher(part).matches()) {
                    throw ToolError.usage("key \"" + key + "\" must start and end with lowercase alphanumeric, "
                            + "and contain only lowercase alphanumeric, hyphens and periods");
                }
            }
            if (RESERVED_ACTION_KEYS.contains(key)) {
                throw ToolError.usage("cannot set reserved action key \"" + key + "\"");
            }
            pairs.put(key, pair.substring(equals + 1));
        }
        return update(call, state -> {
            for (var entry : pairs.entrySet()) {
                String[] parts = entry.getKey().split("\\.");
                Map<String, Object> node = state.action.results;
                for (int i = 0; i < parts.length - 1; i++) {
                    node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                }
                node.put(parts[parts.length - 1], entry.getValue());
            }
            return "";
        });
    }

    private static String actionFail(ToolCall call) throws ToolError {
        call.requireAction();
        call.args.maxPositional(1);
        String message = call.args.positional.isEmpty()
                ? "action failed without reason given, check action for errors" : call.args.positional.get(0);
        return update(call, state -> {
            state.action.status = "failed";
            state.action.message = message;
            return "";
        });
    }

    private static String actionLog(ToolCall call) throws ToolError {
        call.requireAction();
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no message specified");
        }
        return update(call, state -> {
            state.action.logs.add(String.join(" ", call.args.positional));
            return "";
        });
    }

    // --- secrets and unit state ------------------------------------------------------------------

    private static String secretGet(ToolCall call) throws ToolError {
        call.args.maxPositional(2);
        String id = call.args.positional.isEmpty() ? null : call.args.positional.get(0);
        String key = call.args.positional.size() > 1 ? call.args.positional.get(1) : null;
        String label = call.args.value("label");
        if (id == null && label == null) {
            throw ToolError.usage("require either a secret URI or label");
        }
        if (call.args.bool("peek") && call.args.bool("refresh")) {
            throw ToolError.usage("specify one of --peek or --refresh but not both");
        }
        return update(call, state -> {
            Map.Entry<String, JujuState.SecretEntry> found = null;
            for (var entry : state.secrets.entrySet()) {
                boolean match = id != null ? xid(entry.getKey()).equals(xid(id)) : label.equals(entry.getValue().label);
                if (match) {
                    found = entry;
                }
            }
            if (found == null) {
                throw ToolError.runtime("secret \"" + (id != null ? id : label) + "\" not found");
            }
            if (!found.getValue().readableIn(state)) {
                throw ToolError.runtime("permission denied");
            }
            if (id != null && label != null) {
                found.getValue().label = label;
            }
            Map<String, String> content = found.getValue().content;
            if (key == null) {
                return Output.format(content, call.format() == null ? "yaml" : call.format());
            }
            String name = key.endsWith("#base64") ? key.substring(0, key.length() - "#base64".length()) : key;
            if (!content.containsKey(name)) {
                throw ToolError.runtime("secret key \"" + name + "\" not found");
            }
            return Output.format(content.get(name), call.format() == null ? "yaml" : call.format());
        });
    }

    /** The trailing xid of a secret URI: secret:xid, secret://uuid/xid or a bare xid. */
    private static String xid(String uri) {
        return uri.substring(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf(':')) + 1);
    }

    private static String stateGet(ToolCall call) throws ToolError {
        call.args.maxPositional(1);
        JujuState state = call.store.read();
        Map<String, String> values = new LinkedHashMap<>(state.state);
        JujuState.Pending pending = state.pending.get(call.contextId());
        if (pending != null) {
            values.putAll(pending.stateSets);
            pending.stateDeletes.forEach(values::remove);
        }
        String key = call.args.positional.isEmpty() || call.args.positional.get(0).equals("-")
                ? null : call.args.positional.get(0);
        if (key == null) {
            return Output.format(values, call.format());
        }
        if (!values.containsKey(key) && call.args.bool("strict")) {
            throw ToolError.runtime("\"" + key + "\" not found");
        }
        return Output.format(values.getOrDefault(key, ""), call.format());
    }

    private static String stateSet(ToolCall call) throws ToolError {
        Map<String, String> values = new LinkedHashMap<>();
        String file = call.args.value("file");
        if (file != null) {
            values.putAll(stringMap(file.equals("-") ? call.readStdin() : readFile(file), "state-set"));
        }
        for (String pair : call.args.positional) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw ToolError.usage("expected \"key=value\", got \"" + pair + "\"");
            }
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        for (var entry : values.entrySet()) {
            if (entry.getKey().length() > 256 || entry.getValue().length() > 64 * 1024) {
                throw ToolError.runtime("key or value of \"" + entry.getKey() + "\" too large");
            }
        }
        return update(call, state -> {
            JujuState.Pending pending = call.pending(state);
            pending.stateSets.putAll(values);
            pending.stateDeletes.removeAll(values.keySet());
            return "";
        });
    }

    private static String stateDelete(ToolCall call) throws ToolError {
        if (call.args.positional.size() != 1) {
            throw ToolError.usage("expected exactly one key");
        }
        String key = call.args.positional.get(0);
        return update(call, state -> {
            JujuState.Pending pending = call.pending(state);
            pending.stateSets.remove(key);
            pending.stateDeletes.add(key);
            return "";
        });
    }

    private static String unitGet(ToolCall call) throws ToolError {
        call.args.maxPositional(1);
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no setting specified");
        }
        String key = call.args.positional.get(0);
        if (!key.equals("private-address") && !key.equals("public-address")) {
            throw ToolError.usage("unknown setting \"" + key + "\"");
        }
        return Output.format(call.store.read().addresses.get(key), call.format());
    }

    private static String openPort(ToolCall call) throws ToolError {
        String normalised = port(call);
        return update(call, state -> {
            call.pending(state).closePorts.remove(normalised);
            call.pending(state).openPorts.add(normalised);
            return "";
        });
    }

    private static String closePort(ToolCall call) throws ToolError {
        String normalised = port(call);
        return update(call, state -> {
            call.pending(state).openPorts.remove(normalised);
            call.pending(state).closePorts.add(normalised);
            return "";
        });
    }

    private static String port(ToolCall call) throws ToolError {
        call.args.maxPositional(1);
        if (call.args.positional.isEmpty()) {
            throw ToolError.usage("no port or range specified");
        }
        String port = call.args.positional.get(0).toLowerCase(Locale.ROOT);
        if (!port.matches("icmp|[0-9]{1,5}(-[0-9]{1,5})?(/(tcp|udp))?")) {
            throw ToolError.usage("invalid port or range \"" + port + "\"");
        }
        return port.equals("icmp") || port.contains("/") ? port : port + "/tcp";
    }

    // --- helpers -----------------------------------------------------------------------------------

    private interface Change {
        String apply(JujuState state) throws ToolError;
    }

    /** Runs a change under the state lock, carrying a ToolError out of the lambda. */
    private static String update(ToolCall call, Change change) throws ToolError {
        ToolError[] failure = new ToolError[1];
        String out = call.store.update(state -> {
            try {
                return change.apply(state);
            } catch (ToolError e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return out;
    }

    private static String readFile(String path) throws ToolError {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw ToolError.runtime("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** A YAML (or JSON) map of strings, as --file takes it. */
    private static Map<String, String> stringMap(String text, String tool) throws ToolError {
        try {
            Object parsed = YAML.readValue(text, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw ToolError.runtime(tool + ": expected a YAML map of settings");
            }
            Map<String, String> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            return result;
        } catch (IOException e) {
            throw ToolError.runtime(tool + ": cannot parse settings: " + e.getMessage());
        }
    }
}
