package githubrunner.sim.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The active fault rules of an emulator, request by request: rules are tried in the order added;
 * the first that matches, has firings left and fires (with its probability) wins, and one of its
 * actions is picked uniformly. The random source is seeded, so a run with the same requests in the
 * same order meets the same faults.
 *
 * @param <A> what a firing rule does (each emulator has its own actions)
 */
public final class FaultTable<A> {
    private final List<Active<A>> rules = new ArrayList<>();
    private Random random;

    private static final class Active<A> {
        final Object rule;
        final RequestMatch match;
        final double probability;
        final int times;
        final List<A> actions;
        int fired;

        Active(Object rule, RequestMatch match, double probability, int times, List<A> actions) {
            this.rule = rule;
            this.match = match;
            this.probability = probability;
            this.times = times;
            this.actions = List.copyOf(actions);
        }
    }

    public FaultTable(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param rule the caller's rule, for {@link #firedCount}
     * @param times most firings; zero or negative for no limit
     */
    public synchronized void add(Object rule, RequestMatch match, double probability, int times, List<A> actions) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one action");
        }
        rules.add(new Active<>(rule, match, probability, times, actions));
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Restarts the random sequence. */
    public synchronized void reseed(long seed) {
        random = new Random(seed);
    }

    /** How many times this rule (the object given to {@link #add}) has fired. */
    public synchronized int firedCount(Object rule) {
        return rules.stream().filter(active -> active.rule == rule).mapToInt(active -> active.fired).sum();
    }

    public synchronized Optional<A> pick(String method, String path) {
        for (Active<A> active : rules) {
            if (!active.match.matches(method, path) || (active.times > 0 && active.fired >= active.times)
                    || random.nextDouble() >= active.probability) {
                continue;
            }
            active.fired++;
            int size = active.actions.size();
            return Optional.of(active.actions.get(size == 1 ? 0 : random.nextInt(size)));
        }
        return Optional.empty();
    }
}
