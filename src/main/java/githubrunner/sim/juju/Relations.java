package githubrunner.sim.juju;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The unit's relations in the model: remote applications, their databags, and this unit's. */
final class Relations {
    private final StateStore store;

    Relations(StateStore store) {
        this.store = store;
    }

    /** Adds a relation to {@code remoteApp} on {@code endpoint}; returns its id. */
    int add(String endpoint, String remoteApp) {
        return store.update(state -> {
            JujuState.Relation relation = new JujuState.Relation();
            relation.id = state.nextRelationId++;
            relation.endpoint = endpoint;
            relation.remoteApp = remoteApp;
            state.relations.add(relation);
            return relation.id;
        });
    }

    /** Sets (adds) a remote unit's databag. */
    void setRemoteUnitData(int relationId, String unit, Map<String, String> data) {
        store.update(state -> {
            existing(state, relationId).remoteUnits.put(unit, new LinkedHashMap<>(data));
            return null;
        });
    }

    /** Replaces the remote application's databag. */
    void setRemoteAppData(int relationId, Map<String, String> data) {
        store.update(state -> {
            existing(state, relationId).remoteAppData = new LinkedHashMap<>(data);
            return null;
        });
    }

    /** Updates the remote application's databag like relation-set does: an empty value deletes. */
    void updateRemoteAppData(int relationId, Map<String, String> changes) {
        store.update(state -> {
            ToolCall.apply(existing(state, relationId).remoteAppData, changes);
            return null;
        });
    }

    List<String> remoteUnits(int relationId) {
        return List.copyOf(existing(store.read(), relationId).remoteUnits.keySet());
    }

    void removeRemoteUnit(int relationId, String unit) {
        store.update(state -> existing(state, relationId).remoteUnits.remove(unit));
    }

    /** Set while the broken hook runs: the relation is no longer listed and its secrets are revoked. */
    void markBroken(int relationId) {
        store.update(state -> {
            existing(state, relationId).broken = true;
            return null;
        });
    }

    /** Drops the relation and the remote secrets granted to it. */
    void remove(int relationId) {
        store.update(state -> {
            state.relations.removeIf(r -> r.id == relationId);
            state.secrets.values().removeIf(secret -> Integer.valueOf(relationId).equals(secret.grantedRelation));
            return null;
        });
    }

    /** The one relation on {@code endpoint} ({@code endpoint} or {@code endpoint:id}). */
    JujuState.Relation find(String name) {
        JujuState state = store.read();
        List<JujuState.Relation> matches = state.relations.stream()
                .filter(r -> r.endpoint.equals(name) || r.key().equals(name)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no relation on " + name);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("several relations on " + name + ": name one as "
                    + matches.stream().map(JujuState.Relation::key).toList());
        }
        return matches.get(0);
    }

    /**
     * Both sides' databags and the secrets granted to the relation (their keys, never their
     * content), as {@code juju show-unit} would tell it.
     */
    Map<String, Object> view(String name) {
        JujuState.Relation relation = find(name);
        JujuState state = store.read();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("relation-id", relation.key());
        view.put("endpoint", relation.endpoint);
        view.put("remote-application", relation.remoteApp);
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("application", new TreeMap<>(relation.localAppData));
        local.put(state.unit, new TreeMap<>(relation.localUnitData));
        view.put("local", local);
        Map<String, Object> remote = new LinkedHashMap<>();
        remote.put("application", new TreeMap<>(relation.remoteAppData));
        relation.remoteUnits.forEach((unit, bag) -> remote.put(unit, new TreeMap<>(bag)));
        view.put("remote", remote);
        Map<String, Object> secrets = new LinkedHashMap<>();
        state.secrets.forEach((id, secret) -> {
            if (Integer.valueOf(relation.id).equals(secret.grantedRelation)) {
                Map<String, Object> about = new LinkedHashMap<>();
                about.put("owner", secret.owner);
                about.put("revision", secret.revision);
                about.put("label", secret.label);
                about.put("keys", List.copyOf(new TreeMap<>(secret.content).keySet()));
                secrets.put(id, about);
            }
        });
        view.put("secrets", secrets);
        return view;
    }

    private static JujuState.Relation existing(JujuState state, int relationId) {
        JujuState.Relation relation = state.relation(relationId);
        if (relation == null) {
            throw new IllegalArgumentException("no relation " + relationId);
        }
        return relation;
    }
}
