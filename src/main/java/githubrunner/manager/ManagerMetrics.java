package githubrunner.manager;

import githubrunner.cloud.openstack.CallStats;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubStats;
import githubrunner.github.RateLimitStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The manager's Prometheus metrics ({@code GET /metrics}), named as in the Python charm (§8.2)
 * so its dashboards keep working, plus what that charm lacked: creations, failures by reason,
 * OpenStack call counters. Every series carries {@code flavor} = the application name.
 */
public final class ManagerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final String flavor;
    private final MetricsLog events;

    private final Histogram reconcileDuration;
    private final Counter cycles;
    private final Gauge expected;
    private final Gauge idle;
    private final Gauge busy;
    private final Gauge starting;
    private final Counter createdRunners;
    private final Counter createFailures;
    private final Counter deletedRunners;
    private final Counter keptBusy;
    private final Counter cleanedRunners;
    private final Counter flushRequests;

    public ManagerMetrics(String flavor, MetricsLog events, Supplier<GitHubStats> github, Supplier<RateLimitStatus> rateLimit,
                          Supplier<CallStats> openstack) {
        this.flavor = flavor;
        this.events = events;
        reconcileDuration = Histogram.builder().name("reconcile_duration_seconds")
                .help("Duration of reconcile cycles (full and check)").labelNames("flavor", "kind")
                .classicUpperBounds(0.5, 1, 2, 5, 15, 30, 60, 120, 300, 600, 900).register(registry);
        cycles = Counter.builder().name("reconcile_cycles_total").help("Reconcile cycles by kind and outcome")
                .labelNames("flavor", "kind", "outcome").register(registry);
        expected = gauge("expected_runners_count", "Runners the unit should have");
        idle = gauge("idle_runners_count", "Runners online and waiting for a job");
        busy = gauge("busy_runners_count", "Runners running a job");
        starting = gauge("starting_runners_count", "Runners created and not online yet");
        createdRunners = Counter.builder().name("created_runners_total").help("Runners created")
                .labelNames("flavor").register(registry);
        createFailures = Counter.builder().name("runner_create_failures_total").help("Runners not created, by reason")
                .labelNames("flavor", "reason").register(registry);
        deletedRunners = Counter.builder().name("deleted_runners_total").help("Runners removed (registration and VM)")
                .labelNames("flavor").register(registry);
        keptBusy = Counter.builder().name("busy_runner_deletions_refused_total")
                .help("Removals GitHub refused because the runner was running a job").labelNames("flavor").register(registry);
        cleanedRunners = Counter.builder().name("cleaned_runners_total")
                .help("Dead runners cleaned up, by state: finished (missing on GitHub), dangling, offline (timed out), broken, untagged")
                .labelNames("flavor", "state").register(registry);
        flushRequests = Counter.builder().name("flushed_runners_total").help("Runners removed by flushes, by mode")
                .labelNames("flavor", "mode").register(registry);

        CounterWithCallback.builder().name("github_client_calls_total").help("GitHub client operations, by method")
                .labelNames("method").callback(callback -> github.get().calls().forEach((kind, stats) ->
                        callback.call(stats.calls(), name(kind)))).register(registry);
        CounterWithCallback.builder().name("github_client_errors_total").help("Failed GitHub client operations")
                .labelNames("method", "error_type").callback(callback -> github.get().calls().forEach((kind, stats) ->
                        stats.errors().forEach((type, count) -> callback.call(count, name(kind), name(type)))))
                .register(registry);
        GaugeWithCallback.builder().name("github_api_rate_limit_remaining").help("GitHub core API calls left until the reset")
                .callback(callback -> rateLimit.get().core().ifPresent(b -> callback.call(b.remaining()))).register(registry);
        GaugeWithCallback.builder().name("github_api_rate_limit_limit").help("GitHub core API calls allowed per hour")
                .callback(callback -> rateLimit.get().core().ifPresent(b -> callback.call(b.limit()))).register(registry);
        CounterWithCallback.builder().name("openstack_client_calls_total").help("OpenStack HTTP calls, by operation")
                .labelNames("operation").callback(callback -> openstack.get().snapshot().forEach((operation, stats) ->
                        callback.call(stats.calls(), operation))).register(registry);
        CounterWithCallback.builder().name("openstack_client_errors_total").help("Failed OpenStack calls")
                .labelNames("operation", "error_type").callback(callback -> openstack.get().snapshot().forEach(
                        (operation, stats) -> stats.errors().forEach((type, count) -> callback.call(count, operation,
                                name(type))))).register(registry);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("flavor").register(registry);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    void cycle(String kind, Duration duration, boolean succeeded) {
        reconcileDuration.labelValues(flavor, kind).observe(duration.toMillis() / 1000.0);
        cycles.labelValues(flavor, kind, succeeded ? "ok" : "failed").inc();
    }

    void counts(ManagerStatus.Counts counts) {
        expected.labelValues(flavor).set(counts.expected());
        idle.labelValues(flavor).set(counts.idle());
        busy.labelValues(flavor).set(counts.busy());
        starting.labelValues(flavor).set(counts.starting());
    }

    void created(RunnerManager.Created created) {
        createdRunners.labelValues(flavor).inc(created.runners().size());
        for (Exception failure : created.failures()) {
            String reason = failure instanceof GitHubException g ? "github_" + name(g.kind())
                    : failure instanceof githubrunner.cloud.openstack.CloudException c ? "openstack_" + name(c.kind())
                    : "other";
            createFailures.labelValues(flavor, reason).inc();
        }
    }

    void cleaned(List<Runner> dead, RunnerManager.Removed removed) {
        for (Runner runner : dead) {
            if (removed.runners().contains(runner.name())) {
                cleanedRunners.labelValues(flavor, name(runner.state())).inc();
            }
        }
        removedRunners(removed);
    }

    void scaledDown(RunnerManager.Removed removed) {
        removedRunners(removed);
    }

    void flushed(boolean busyMode, RunnerManager.Removed removed) {
        flushRequests.labelValues(flavor, busyMode ? "busy" : "idle").inc(removed.runners().size());
        removedRunners(removed);
    }

    private void removedRunners(RunnerManager.Removed removed) {
        deletedRunners.labelValues(flavor).inc(removed.runners().size());
        keptBusy.labelValues(flavor).inc(removed.keptBusy().size());
    }

    /** The JSON-lines {@code reconciliation} event of a full reconcile. */
    void reconciliationEvent(ManagerStatus.Counts counts, Duration duration) {
        events.reconciliation(flavor, counts, duration);
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
