package githubrunner.sim.openstack;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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
    private final String method;
    private final Pattern path;
    private final double probability;
    private final int times;
    private final List<Fault> faults;

    private FaultRule(String method, Pattern path, double probability, int times, List<Fault> faults) {
        this.method = method;
        this.path = path;
        this.probability = probability;
        this.times = times;
        this.faults = faults;
    }

    /** A rule for requests with this method ({@code *} for any) whose path matches the regex. */
    public static FaultRule on(String method, String pathRegex) {
        return new FaultRule(Objects.requireNonNull(method), Pattern.compile(pathRegex), 1.0, -1, List.of());
    }

    /** Fires for each matching request with this probability (default 1). */
    public FaultRule probability(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        return new FaultRule(method, path, probability, times, faults);
    }

    /** Fires at most this many times (default: no limit). */
    public FaultRule times(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        return new FaultRule(method, path, probability, times, faults);
    }

    /** The faults to act out, one picked at random each time the rule fires. */
    public FaultRule inject(Fault... faults) {
        if (faults.length == 0) {
            throw new IllegalArgumentException("a rule needs at least one fault");
        }
        return new FaultRule(method, path, probability, times, List.of(faults));
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method.equals("*") || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
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
        return method + " " + path.pattern() + " p=" + probability + (times > 0 ? " times=" + times : "") + " " + faults;
    }
}
