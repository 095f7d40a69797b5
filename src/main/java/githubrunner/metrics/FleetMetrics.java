package githubrunner.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The runner manager's series: the Python charm's (reference/upstream-charm.md §8.2, so its
 * queries carry over) with its quirks fixed, plus what it lacked. Every series has
 * {@code flavor} = the application name.
 *
 * <p>Fixed: {@code runner_idle_duration_seconds} observes job start minus install (it was
 * inverted); the flush counters count flush requests of each mode (the busy one never moved,
 * the idle one counted twice); {@code extract_metrics_duration_seconds} is observed for every
 * VM pulled; the per-job tallies are counters ({@code job_*_total}), not ever-growing gauges;
 * an unknown queue time is not observed at all (it was +Inf).
 */
public final class FleetMetrics {
    private final String flavor;
    private final Histogram reconcileDuration;
    private final Counter cycles;
    private final Gauge expected;
    private final Gauge idle;
    private final Gauge busy;
    private final Gauge starting;
    private final Counter created;
    private final Counter createFailures;
    private final Counter deletedRunners;
    private final Counter deletedVms;
    private final Histogram deleteRunnerDuration;
    private final Histogram deleteVmDuration;
    private final Counter keptBusy;
    private final Counter cleaned;
    private final Counter dangling;
    private final Counter missing;
    private final Counter timedOut;
    private final Counter flushIdleRequests;
    private final Counter flushBusyRequests;
    private final Counter flushed;
    private final Histogram spawn;
    private final Histogram idleDuration;
    private final Histogram queueDuration;
    private final Histogram jobDuration;
    private final Histogram extract;
    private final Counter pulls;
    private final Counter crashed;
    private final Counter jobRepository;
    private final Counter jobEvent;
    private final Counter jobConclusion;
    private final Counter jobStatus;
    private final LabelCap repositories = new LabelCap(200);
    private final LabelCap githubEvents = new LabelCap(50);

    public FleetMetrics(PrometheusRegistry registry, String flavor) {
        this.flavor = flavor;
        reconcileDuration = Histogram.builder().name("reconcile_duration_seconds")
                .help("Duration of reconcile cycles (full and check)").labelNames("flavor", "kind")
                .classicUpperBounds(0.5, 1, 2, 5, 15, 30, 60, 120, 300, 600, 900).register(registry);
        cycles = counter(registry, "reconcile_cycles_total", "Reconcile cycles by kind and outcome", "kind", "outcome");
        expected = gauge(registry, "expected_runners_count", "Runners the unit should have");
        idle = gauge(registry, "idle_runners_count", "Runners online and waiting for a job");
        busy = gauge(registry, "busy_runners_count", "Runners running a job");
        starting = gauge(registry, "starting_runners_count", "Runners created and not online yet");
        created = counter(registry, "created_runners_total", "Runners created");
        createFailures = counter(registry, "runner_create_failures_total", "Runners not created, by reason", "reason");
        deletedRunners = counter(registry, "deleted_runners_total", "Runners removed (registration and VM)");
        deletedVms = counter(registry, "deleted_vms_total", "Runner VMs deleted");
        deleteRunnerDuration = histogram(registry, "delete_runner_duration_seconds",
                "Duration of removing one GitHub runner registration", 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120);
        deleteVmDuration = histogram(registry, "delete_vm_duration_seconds", "Duration of deleting one runner VM, its metrics pull included",
                0.1, 0.5, 1, 2, 5, 10, 30, 60, 120);
        keptBusy = counter(registry, "busy_runner_deletions_refused_total",
                "Removals GitHub refused because the runner was running a job");
        cleaned = counter(registry, "cleaned_runners_total",
                "Dead runners cleaned up, by state: finished, dangling, offline, broken, untagged", "state");
        dangling = counter(registry, "dangling_runners_total", "Registrations without a VM, removed");
        missing = counter(registry, "missing_runners_total", "VMs whose runner GitHub no longer knows (job done), removed");
        timedOut = counter(registry, "timed_out_runners_total", "Runners that never came online in time, removed");
        flushIdleRequests = counter(registry, "flush_online_idle_runner_requests_total", "Flushes of idle runners requested");
        flushBusyRequests = counter(registry, "flush_busy_runner_requests_total", "Flushes of busy runners too requested");
        flushed = counter(registry, "flushed_runners_total", "Runners removed by flushes, by mode", "mode");
        spawn = histogram(registry, "runner_spawn_duration_seconds", "VM creation to runner installed",
                5, 10, 15, 30, 60, 90, 120, 180, 240, 300, 450, 600);
        idleDuration = histogram(registry, "runner_idle_duration_seconds", "Runner installed to its job started",
                1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 10800, 21600);
        queueDuration = histogram(registry, "runner_queue_duration_seconds", "Job queued to job started (GitHub's times)",
                5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 18000);
        jobDuration = histogram(registry, "job_duration_seconds", "Job started to job ended, on the VM",
                60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400, 172800, 432000);
        extract = histogram(registry, "extract_metrics_duration_seconds", "Pulling one VM's metrics files before its deletion",
                0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30);
        pulls = counter(registry, "runner_metrics_pulls_total",
                "VMs asked for their metrics before deletion, by outcome: pulled, empty, unreachable", "outcome");
        crashed = counter(registry, "crashed_runners_total", "Runners whose job started and never ended (no post-job file)");
        jobRepository = counter(registry, "job_repository_total", "Jobs run, by repository", "repository");
        jobEvent = counter(registry, "job_event_total", "Jobs run, by triggering event", "event");
        jobConclusion = counter(registry, "job_conclusion_total", "Jobs ended, by GitHub conclusion (unknown if none)",
                "conclusion");
        jobStatus = counter(registry, "job_status_total", "Jobs ended, by the VM's post-job status", "status");
    }

    private Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(withFlavor(labels)).register(registry);
    }

    private Gauge gauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("flavor").register(registry);
    }

    private Histogram histogram(PrometheusRegistry registry, String name, String help, double... bounds) {
        return Histogram.builder().name(name).help(help).labelNames("flavor").classicUpperBounds(bounds)
                .register(registry);
    }

    private static String[] withFlavor(String... labels) {
        String[] all = new String[labels.length + 1];
        all[0] = "flavor";
        System.arraycopy(labels, 0, all, 1, labels.length);
        return all;
    }

    public void cycle(String kind, Duration duration, boolean succeeded) {
        reconcileDuration.labelValues(flavor, kind).observe(seconds(duration));
        cycles.labelValues(flavor, kind, succeeded ? "ok" : "failed").inc();
    }

    public void counts(int expectedRunners, int idleRunners, int busyRunners, int startingRunners) {
        expected.labelValues(flavor).set(expectedRunners);
        idle.labelValues(flavor).set(idleRunners);
        busy.labelValues(flavor).set(busyRunners);
        starting.labelValues(flavor).set(startingRunners);
    }

    public void created(int count) {
        created.labelValues(flavor).inc(count);
    }

    /** @param reason e.g. {@code openstack_quota}, {@code github_rate_limited} */
    public void createFailed(String reason) {
        createFailures.labelValues(flavor, reason).inc();
    }

    /** A batch of removals: registrations removed, VMs deleted, those GitHub kept because busy. */
    public void removed(int runners, int vms, int refusedBusy) {
        deletedRunners.labelValues(flavor).inc(runners);
        deletedVms.labelValues(flavor).inc(vms);
        keptBusy.labelValues(flavor).inc(refusedBusy);
    }

    /** One observation per registration removed and per VM deleted. */
    public void removalDurations(List<Duration> registrations, List<Duration> vms) {
        registrations.forEach(d -> deleteRunnerDuration.labelValues(flavor).observe(seconds(d)));
        vms.forEach(d -> deleteVmDuration.labelValues(flavor).observe(seconds(d)));
    }

    /** @param state the runner's state when cleaned: finished, dangling, offline, broken, untagged */
    public void cleaned(String state) {
        cleaned.labelValues(flavor, state).inc();
        switch (state) {
            case "dangling" -> dangling.labelValues(flavor).inc();
            case "finished" -> missing.labelValues(flavor).inc();
            case "offline" -> timedOut.labelValues(flavor).inc();
            default -> { }
        }
    }

    public void flushRequested(boolean busyToo, int removed) {
        (busyToo ? flushBusyRequests : flushIdleRequests).labelValues(flavor).inc();
        flushed.labelValues(flavor, busyToo ? "busy" : "idle").inc(removed);
    }

    /** One VM's metrics, pulled before its deletion. */
    public void pulled(RunnerOutcome outcome, Duration took, boolean reached) {
        extract.labelValues(flavor).observe(seconds(took));
        pulls.labelValues(flavor, !reached ? "unreachable" : outcome.events().isEmpty() ? "empty" : "pulled").inc();
        outcome.spawn().ifPresent(d -> spawn.labelValues(flavor).observe(seconds(d)));
        outcome.idle().ifPresent(d -> idleDuration.labelValues(flavor).observe(seconds(d)));
        outcome.queue().ifPresent(d -> queueDuration.labelValues(flavor).observe(seconds(d)));
        outcome.job().ifPresent(d -> jobDuration.labelValues(flavor).observe(seconds(d)));
        if (outcome.started()) {
            outcome.repository().ifPresent(r -> jobRepository.labelValues(flavor, repositories.of(r)).inc());
            outcome.githubEvent().ifPresent(e -> jobEvent.labelValues(flavor, githubEvents.of(e)).inc());
        }
        if (outcome.stopped()) {
            jobConclusion.labelValues(flavor, outcome.conclusion().orElse("unknown")).inc();
            outcome.status().ifPresent(s -> jobStatus.labelValues(flavor, s).inc());
        }
        if (outcome.crashed()) {
            crashed.labelValues(flavor).inc();
        }
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
