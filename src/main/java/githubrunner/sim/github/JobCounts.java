package githubrunner.sim.github;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Job counts for simulators and tests.
 *
 * @param queueTimes for every job a runner took: from queued to taken (emulator clock)
 */
public record JobCounts(int queued, int inProgress, int completed, List<Duration> queueTimes) {
    public JobCounts {
        queueTimes = List.copyOf(queueTimes);
    }

    public int total() {
        return queued + inProgress + completed;
    }

    public Optional<Duration> medianQueueTime() {
        if (queueTimes.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = new ArrayList<>(queueTimes);
        Collections.sort(sorted);
        return Optional.of(sorted.get(sorted.size() / 2));
    }

    public Optional<Duration> maxQueueTime() {
        return queueTimes.stream().max(Duration::compareTo);
    }
}
