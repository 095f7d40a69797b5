package githubrunner.sim.simulate;

import githubrunner.sim.github.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How long jobs waited for a runner. A job still queued has waited at least its age so far: it
 * counts with that age, and a figure it could raise is a lower bound, so a pool too small to run
 * every job shows its real cost instead of looking better by leaving those jobs out.
 *
 * @param taken from queued to taken, for every job a runner took
 * @param waiting the age of every job still queued
 */
record QueueTimes(List<Duration> taken, List<Duration> waiting) {
    QueueTimes {
        taken = List.copyOf(taken);
        waiting = List.copyOf(waiting);
    }

    /** A percentile, exact or a lower bound. */
    record Figure(Duration value, boolean atLeast) {
        @Override
        public String toString() {
            return value == null ? "-" : (atLeast ? "at least " : "") + LiveView.seconds(value);
        }
    }

    static QueueTimes of(List<JobView> jobs, Instant now) {
        List<Duration> taken = new ArrayList<>();
        List<Duration> waiting = new ArrayList<>();
        for (JobView job : jobs) {
            if (job.startedAt() != null) {
                taken.add(Duration.between(job.createdAt(), job.startedAt()));
            } else if ("queued".equals(job.status())) {
                waiting.add(Duration.between(job.createdAt(), now).isNegative() ? Duration.ZERO
                        : Duration.between(job.createdAt(), now));
            }
        }
        return new QueueTimes(taken, waiting);
    }

    /**
     * The p-th percentile (nearest rank) of every job's queue time. Exact when every waiting job
     * has already waited longer than it: their real times only grow, past it. Otherwise a lower
     * bound.
     */
    Figure percentile(int p) {
        List<Duration> all = new ArrayList<>(taken);
        all.addAll(waiting);
        Duration value = Summary.percentile(all, p);
        if (value == null) {
            return new Figure(null, false);
        }
        return new Figure(value, waiting.stream().anyMatch(age -> age.compareTo(value) <= 0));
    }
}
