package githubrunner.sim.openstack;

import githubrunner.sim.http.RequestMatch;
import java.util.List;

/**
 * Which requests misbehave, how often and how: a method ({@code *} for any), a regular
 * expression over the whole path (e.g. {@code /compute/v2.1/servers}), a probability, an
 * optional limit on how many times it fires, and the faults to pick from (uniformly).
 *
 * <pre>{@code
 * FaultRule.on("POST", "/compute/v2\\.1/servers").times(1).inject(Fault.dropResponse())
 * FaultRule.on("*", "/.*").probability(0.2).inject(Fault.status(503), Fault.delay(Duration.ofSeconds(2)))
 * }</pre>
 */
public final class FaultRule {
    private final RequestMatch match;
    private final double probability;
    private final int times;
    private final List<Fault> faults;

    private FaultRule(RequestMatch match, double probability, int times, List<Fault> faults) {
        this.match = match;
        this.probability = probability;
        this.times = times;
        this.faults = faults;
    }

    /** A rule for requests with this method ({@code *} for any) whose path matches the regex. */
    public static FaultRule on(String method, String pathRegex) {
        return new FaultRule(RequestMatch.of(method, pathRegex), 1.0, -1, List.of());
    }

    /** Fires for each matching request with this probability (default 1). */
    public FaultRule probability(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        return new FaultRule(match, probability, times, faults);
    }

    /** Fires at most this many times (default: no limit). */
    public FaultRule times(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        return new FaultRule(match, probability, times, faults);
    }

    /** The faults to act out, one picked at random each time the rule fires. */
    public FaultRule inject(Fault... faults) {
        if (faults.length == 0) {
            throw new IllegalArgumentException("a rule needs at least one fault");
        }
        return new FaultRule(match, probability, times, List.of(faults));
    }

    RequestMatch match() {
        return match;
    }

    double probability() {
        return probability;
    }

    /** -1 for no limit. */
    int times() {
        return times;
    }

    List<Fault> faults() {
        if (faults.isEmpty()) {
            throw new IllegalStateException("rule " + this + " has no faults; call inject(...)");
        }
        return faults;
    }

    @Override
    public String toString() {
        return match + " p=" + probability + (times > 0 ? " times=" + times : "") + " " + faults;
    }
}
