package githubrunner.sim.github;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the runner process on a VM ({@code run.sh --jitconfig}): once started, the runner
 * comes online after a delay, takes a matching queued job, is busy for the job's duration,
 * completes it and deregisters (ephemeral). Started by whoever plays the VM (a test, or the
 * simulator when the OpenStack emulator reports a server ACTIVE), never by the clients.
 */
final class AgentSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSimulator.class);

    private final EmulatorState state;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "github-emulator-agents");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Duration onlineDelay = Duration.ZERO;
    private final List<JobListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    AgentSimulator(EmulatorState state) {
        this.state = state;
    }

    void addListener(JobListener listener) {
        listeners.add(listener);
    }

    void setOnlineDelay(Duration delay) {
        onlineDelay = delay;
    }

    /** With no online delay the runner is online (and may have taken a job) when this returns. */
    EmulatorState.AgentOutcome started(String encodedJitConfig) {
        Map.Entry<EmulatorState.AgentOutcome, Long> outcome = state.agentStarted(encodedJitConfig);
        if (outcome.getKey() == EmulatorState.AgentOutcome.STARTED) {
            long runnerId = outcome.getValue();
            Duration delay = onlineDelay;
            if (delay.isZero()) {
                schedule(state.online(runnerId));
            } else {
                timer.schedule(() -> schedule(state.online(runnerId)), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return outcome.getKey();
    }

    /** A job was queued: an idle runner may take it now. */
    void jobQueued() {
        schedule(state.assign());
    }

    private void schedule(List<EmulatorState.Assignment> started) {
        for (EmulatorState.Assignment assignment : started) {
            LOG.debug("runner {} took job {}", assignment.runnerId(), assignment.jobId());
            state.job(assignment.jobId()).ifPresent(job -> listeners.forEach(l -> l.jobStarted(job)));
            try {
                timer.schedule(() -> complete(assignment.jobId()), assignment.duration().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                return;
            }
        }
    }

    private void complete(long jobId) {
        List<EmulatorState.Assignment> next = state.complete(jobId);
        state.job(jobId).filter(job -> "completed".equals(job.status()))
                .ifPresent(job -> listeners.forEach(l -> l.jobCompleted(job)));
        schedule(next);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
