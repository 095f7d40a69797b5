package githubrunner.sim.juju;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an operator sets for the unit: {@code juju config}, leadership and the model's proxy settings. */
final class ModelSettings {
    private final StateStore store;
    private final CharmSchema schema;

    ModelSettings(StateStore store, CharmSchema schema) {
        this.store = store;
        this.schema = schema;
    }

    /** Like {@code juju config}: values are checked against config.yaml; null unsets an option. */
    void setConfig(Map<String, ?> values) {
        Map<String, Object> checked = new LinkedHashMap<>();
        values.forEach((key, value) -> checked.put(key, schema.coerce(key, value)));
        store.update(state -> {
            checked.forEach((key, value) -> {
                if (value == null) {
                    state.config.remove(key);
                } else {
                    state.config.put(key, value);
                }
            });
            return null;
        });
    }

    void setLeader(boolean leader) {
        store.update(state -> {
            state.leader = leader;
            return null;
        });
    }

    /** Model-level environment of every hook, such as JUJU_CHARM_HTTP_PROXY; null removes it. */
    void setModelEnvironment(String name, String value) {
        store.update(state -> {
            if (value == null) {
                state.modelEnvironment.remove(name);
            } else {
                state.modelEnvironment.put(name, value);
            }
            return null;
        });
    }
}
