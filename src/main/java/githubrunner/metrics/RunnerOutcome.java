package githubrunner.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one deleted runner VM told us: the events written for it and the figures the Prometheus
 * histograms and counters observe. All empty when nothing could be pulled.
 *
 * @param spawn VM creation to runner install
 * @param idle runner install to job start
 * @param queue job queued to job started (GitHub's timestamps)
 * @param job job start to job end
 * @param started a job started on it (pre-job file)
 * @param stopped the job ended on it (post-job file too); started and not stopped is a crash
 * @param warnings files skipped as corrupt, for the log
 */
public record RunnerOutcome(List<MetricEvent> events, Optional<Duration> spawn, Optional<Duration> idle,
                            Optional<Duration> queue, Optional<Duration> job, Optional<String> repository,
                            Optional<String> githubEvent, Optional<String> status, Optional<String> conclusion,
                            boolean started, boolean stopped, List<String> warnings) {
    public RunnerOutcome {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }

    public static RunnerOutcome nothing(List<String> warnings) {
        return new RunnerOutcome(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, false, warnings);
    }

    public boolean crashed() {
        return started && !stopped;
    }
}
