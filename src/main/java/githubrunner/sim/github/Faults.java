package githubrunner.sim.github;

import githubrunner.sim.http.RequestMatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The active fault rules, tried in the order added; the first that matches and fires applies. */
final class Faults {
    private final Random random;
    private final List<Active> rules = new ArrayList<>();

    private static final class Active {
        final FaultRule rule;
        final RequestMatch match;
        int left;

        Active(FaultRule rule) {
            this.rule = rule;
            this.match = RequestMatch.of(rule.method(), rule.pathRegex());
            this.left = rule.times();
        }
    }

    Faults(long seed) {
        this.random = new Random(seed);
    }

    synchronized void add(FaultRule rule) {
        rules.add(new Active(rule));
    }

    synchronized void clear() {
        rules.clear();
    }

    synchronized Optional<FaultRule.Action> pick(String method, String path) {
        Iterator<Active> each = rules.iterator();
        while (each.hasNext()) {
            Active active = each.next();
            if (active.match.matches(method, path) && random.nextDouble() < active.rule.probability()) {
                if (active.left > 0 && --active.left == 0) {
                    each.remove();
                }
                return Optional.of(active.rule.action());
            }
        }
        return Optional.empty();
    }
}
