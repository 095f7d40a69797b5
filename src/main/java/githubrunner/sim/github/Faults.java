package githubrunner.sim.github;

import githubrunner.sim.http.FaultTable;
import githubrunner.sim.http.RequestMatch;
import java.util.List;
import java.util.Optional;

/** The active fault rules, tried in the order added; the first that matches and fires applies. */
final class Faults {
    private final FaultTable<FaultRule.Action> table;

    Faults(long seed) {
        this.table = new FaultTable<>(seed);
    }

    void add(FaultRule rule) {
        table.add(rule, RequestMatch.of(rule.method(), rule.pathRegex()), rule.probability(), rule.times(),
                List.of(rule.action()));
    }

    void clear() {
        table.clear();
    }

    Optional<FaultRule.Action> pick(String method, String path) {
        return table.pick(method, path);
    }
}
