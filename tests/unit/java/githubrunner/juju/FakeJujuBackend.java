package githubrunner.juju;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link JujuBackend} for unit tests: a model the test sets up and then inspects. */
public final class FakeJujuBackend implements JujuBackend {
    public final Map<String, Object> config = new LinkedHashMap<>();
    public final Map<String, Relation> relations = new LinkedHashMap<>();
    public final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    public final List<String> ungrantedSecrets = new ArrayList<>();
    public final Map<String, String> state = new LinkedHashMap<>();
    /** Labels given with secret-get, by secret id. */
    public final Map<String, String> secretLabels = new LinkedHashMap<>();
    public final List<UnitStatus> statuses = new ArrayList<>();
    public final List<String> logs = new ArrayList<>();
    public final Map<String, Object> actionParams = new LinkedHashMap<>();
    public final Map<String, String> actionResults = new LinkedHashMap<>();
    public String actionFailure;
    public boolean leader = true;
    public String applicationVersion;

    /** A relation: endpoint, remote units' databags, and what this unit wrote. */
    public static final class Relation {
        public final String endpoint;
        public final Map<String, Map<String, String>> units = new LinkedHashMap<>();
        public final Map<String, String> localUnitData = new LinkedHashMap<>();
        /** What this (leader) unit wrote to the application's databag. */
        public final Map<String, String> localAppData = new LinkedHashMap<>();

        Relation(String endpoint) {
            this.endpoint = endpoint;
        }
    }

    public Relation addRelation(String id, String endpoint) {
        Relation relation = new Relation(endpoint);
        relations.put(id, relation);
        return relation;
    }

    public UnitStatus lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }

    @Override public Map<String, Object> configGet() { return new LinkedHashMap<>(config); }
    @Override public void statusSet(UnitStatus status) { statuses.add(status); }
    @Override public UnitStatus statusGet() { return lastStatus(); }
    @Override public void applicationVersionSet(String version) { applicationVersion = version; }
    @Override public void log(LogLevel level, String message) { logs.add(level + " " + message); }
    @Override public boolean isLeader() { return leader; }

    @Override
    public List<String> relationIds(String endpoint) {
        return relations.entrySet().stream().filter(e -> e.getValue().endpoint.equals(endpoint)).map(Map.Entry::getKey).toList();
    }

    @Override
    public List<String> relationList(String relationId) {
        return List.copyOf(relation(relationId).units.keySet());
    }

    @Override
    public Map<String, String> relationGet(String relationId, String unitOrApp, boolean app) {
        Map<String, String> bag = relation(relationId).units.get(unitOrApp);
        if (bag == null) {
            throw new JujuException("relation-get", 1, "settings not found");
        }
        return new LinkedHashMap<>(bag);
    }

    @Override
    public void relationSet(String relationId, Map<String, String> data, boolean app) {
        (app ? relation(relationId).localAppData : relation(relationId).localUnitData).putAll(data);
    }

    private Relation relation(String id) {
        Relation relation = relations.get(id);
        if (relation == null) {
            throw new JujuException.RelationNotFound("relation-list", 2, "relation not found");
        }
        return relation;
    }

    @Override public Map<String, Object> actionGet() { return new LinkedHashMap<>(actionParams); }
    @Override public void actionSet(Map<String, String> results) { actionResults.putAll(results); }
    @Override public void actionFail(String message) { actionFailure = message; }
    @Override public void actionLog(String message) { logs.add("ACTION " + message); }

    @Override
    public Map<String, String> secretGet(String secretId, boolean refresh) {
        if (ungrantedSecrets.contains(secretId)) {
            throw new JujuException.PermissionDenied("secret-get", 1, "permission denied");
        }
        Map<String, String> content = secrets.get(secretId);
        if (content == null) {
            throw new JujuException.SecretNotFound("secret-get", 1, "secret \"" + secretId + "\" not found");
        }
        return new LinkedHashMap<>(content);
    }

    @Override
    public Map<String, String> secretGet(String secretId, String label, boolean refresh) {
        Map<String, String> content = secretGet(secretId, refresh);
        secretLabels.put(secretId, label);
        return content;
    }

    @Override public Map<String, String> stateGet() { return new LinkedHashMap<>(state); }
    @Override public void stateSet(Map<String, String> values) { state.putAll(values); }
    @Override public String unitGet(String key) { return "10.0.0.1"; }
    @Override public void openPort(int port, String protocol) {
        openedPorts.add(port + "/" + protocol);
    }
    @Override public void closePort(int port, String protocol) {
        openedPorts.remove(port + "/" + protocol);
    }
    public final java.util.Set<String> openedPorts = new java.util.LinkedHashSet<>();
}
