package githubrunner.sim.simulate;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a simulation once a second, from the emulators only: runners idle, busy and starting,
 * jobs waiting, API calls and injected faults so far. {@link ReportPage} draws them.
 */
final class RunRecorder implements AutoCloseable {
    /** One second of the run; counts of calls and faults are cumulative. */
    record Sample(double seconds, int idle, int busy, int starting, int waiting, int githubCalls, int openstackCalls,
                  int githubFaults, int openstackFaults) {}

    private final GitHubEmulator github;
    private final OpenStackEmulator openstack;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulation-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private Instant started;

    RunRecorder(GitHubEmulator github, OpenStackEmulator openstack) {
        this.github = github;
        this.openstack = openstack;
    }

    void start() {
        started = Instant.now();
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        int idle = 0;
        int busy = 0;
        int starting = 0;
        for (var runner : github.runners()) {
            if (runner.busy()) {
                busy++;
            } else if ("online".equals(runner.status())) {
                idle++;
            } else {
                starting++;
            }
        }
        var githubRequests = github.requests();
        // a real cloud (simulate --clouds-yaml) has no request log: its calls are not counted
        var openstackRequests = openstack == null ? java.util.List.<githubrunner.sim.openstack.RecordedRequest>of()
                : openstack.requests().all();
        Sample sample = new Sample(Duration.between(started, Instant.now()).toMillis() / 1000.0, idle, busy, starting,
                github.jobCounts().queued(), githubRequests.size(), openstackRequests.size(),
                (int) githubRequests.stream().filter(r -> r.status() >= 500).count(),
                (int) openstackRequests.stream().filter(r -> r.status() >= 500 || r.status() < 0).count());
        synchronized (samples) {
            samples.add(sample);
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Queue time of every job a runner took, in seconds. */
    List<Double> queueTimes() {
        List<Double> times = new ArrayList<>();
        for (JobView job : github.jobs()) {
            if (job.startedAt() != null) {
                times.add(Duration.between(job.createdAt(), job.startedAt()).toMillis() / 1000.0);
            }
        }
        return times;
    }

    /** Stops sampling, after one last sample. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (started != null) {
            sample();
        }
    }
}
