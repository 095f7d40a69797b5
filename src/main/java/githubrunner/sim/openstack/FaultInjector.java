package githubrunner.sim.openstack;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Decides, request by request, whether a fault rule fires. Rules are tried in the order they were
 * added; the first that fires wins. The random source is seeded, so a run with the same requests
 * in the same order meets the same faults.
 */
public final class FaultInjector {
    private final List<FaultRule> rules = new ArrayList<>();
    private final Map<FaultRule, Integer> fired = new IdentityHashMap<>();
    private Random random;

    FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    public synchronized FaultInjector add(FaultRule rule) {
        rule.faults(); // fails early on a rule without faults
        rules.add(rule);
        return this;
    }

    public synchronized void clear() {
        rules.clear();
        fired.clear();
    }

    /** Restarts the random sequence. */
    public synchronized void reseed(long seed) {
        random = new Random(seed);
    }

    /** How many times this rule has fired. */
    public synchronized int firedCount(FaultRule rule) {
        return fired.getOrDefault(rule, 0);
    }

    synchronized Optional<Fault> pick(String method, String path) {
        for (FaultRule rule : rules) {
            if (!rule.matches(method, path)) {
                continue;
            }
            int count = fired.getOrDefault(rule, 0);
            if (rule.times() > 0 && count >= rule.times()) {
                continue;
            }
            if (random.nextDouble() >= rule.probability()) {
                continue;
            }
            fired.put(rule, count + 1);
            List<Fault> faults = rule.faults();
            return Optional.of(faults.get(faults.size() == 1 ? 0 : random.nextInt(faults.size())));
        }
        return Optional.empty();
    }
}
