package githubrunner.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one cycle does to the fleet, decided from what it saw (pure, so every rule is tested on
 * plain data): remove the dead, then create what is missing or remove what is surplus.
 *
 * <p>The unit should have {@code expected = clamp(max(base, busy) + demand, max)} runners, where
 * demand is the reactive jobs waiting for a runner (0 without MongoDB) and max, when set, caps
 * pool and reactive runners together. The base pool counts its busy runners (a busy runner is
 * replaced once its job is done, as the Python charm did), but a busy runner serves no waiting
 * job: without {@code max(base, busy)}, runners busy with earlier reactive jobs would hold the
 * places of the jobs still waiting until they finished. Busy runners are never removed here. Surplus runners go starting
 * first, then the idle ones that waited longest; when demand comes and goes (reactive), an idle
 * surplus runner is kept for {@code surplusGrace} after its creation, as it may serve the next job.
 *
 * @param cleanup dead runners to remove (finished, broken, offline, dangling, untagged)
 * @param create runners to create now
 * @param missing runners missing that are not created now (creation paused)
 * @param scaleDown surplus runners to remove
 * @param expected the runners the unit should have
 */
record Plan(List<Runner> cleanup, int create, int missing, List<Runner> scaleDown, int expected) {

    static int expected(int base, int busy, int demand, int max) {
        long wanted = (long) Math.max(Math.max(base, 0), busy) + Math.max(demand, 0);
        return (int) (max > 0 ? Math.min(wanted, max) : Math.min(wanted, Integer.MAX_VALUE));
    }

    static Plan of(Fleet fleet, int base, int demand, int max, boolean mayCreate, Duration surplusGrace, Instant now) {
        int expected = expected(base, fleet.inState(Runner.State.BUSY).size(), demand, max);
        int alive = fleet.alive();
        if (alive < expected) {
            int missing = expected - alive;
            return new Plan(fleet.dead(), mayCreate ? missing : 0, mayCreate ? 0 : missing, List.of(), expected);
        }
        return new Plan(fleet.dead(), 0, 0, surplus(fleet, alive - expected, surplusGrace, now), expected);
    }

    /**
     * How many of {@code create} runners may be created with {@code vms} VMs of the unit still
     * there after the cleanup: max-total counts VMs, so the VM of a dead runner whose removal
     * failed still holds its place until it is gone. This is the one place max-total is enforced.
     */
    static int withinMax(int create, int max, int vms) {
        return max > 0 ? Math.max(0, Math.min(create, max - vms)) : create;
    }

    private static List<Runner> surplus(Fleet fleet, int excess, Duration grace, Instant now) {
        if (excess <= 0) {
            return List.of();
        }
        Comparator<Runner> oldestFirst = Comparator.comparing(Runner::createdAt,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        List<Runner> candidates = new ArrayList<>();
        if (grace.isZero()) {
            candidates.addAll(fleet.inState(Runner.State.STARTING).stream().sorted(oldestFirst.reversed()).toList());
        }
        fleet.inState(Runner.State.IDLE).stream()
                .filter(r -> r.createdAt() == null || !r.createdAt().plus(grace).isAfter(now))
                .sorted(oldestFirst)
                .forEach(candidates::add);
        return List.copyOf(candidates.subList(0, Math.min(excess, candidates.size())));
    }
}
