package githubrunner.sim.openstack;

import githubrunner.sim.http.FaultTable;
import java.util.Optional;

/**
 * Decides, request by request, whether a fault rule fires (see {@link FaultTable}: first rule that
 * fires wins, seeded random source, one of the rule's faults picked uniformly).
 */
public final class FaultInjector {
    private final FaultTable<Fault> table;

    FaultInjector(long seed) {
        this.table = new FaultTable<>(seed);
    }

    public FaultInjector add(FaultRule rule) {
        table.add(rule, rule.match(), rule.probability(), rule.times(), rule.faults());
        return this;
    }

    public void clear() {
        table.clear();
    }

    /** Restarts the random sequence. */
    public void reseed(long seed) {
        table.reseed(seed);
    }

    /** How many times this rule has fired. */
    public int firedCount(FaultRule rule) {
        return table.firedCount(rule);
    }

    Optional<Fault> pick(String method, String path) {
        return table.pick(method, path);
    }
}
