package githubrunner.sim.github;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/** The active fault rules, tried in the order added; the first that matches and fires applies. */
final class Faults {
    private final Random random;
    private final List<Active> rules = new ArrayList<>();

    private static final class Active {
        final FaultRule rule;
        final Pattern path;
        int left;

        Active(FaultRule rule) {
            this.rule = rule;
            this.path = Pattern.compile(rule.pathRegex());
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
            if ((active.rule.method().equals("*") || active.rule.method().equalsIgnoreCase(method))
                    && active.path.matcher(path).matches()
                    && random.nextDouble() < active.rule.probability()) {
                if (active.left > 0 && --active.left == 0) {
                    each.remove();
                }
                return Optional.of(active.rule.action());
            }
        }
        return Optional.empty();
    }
}
