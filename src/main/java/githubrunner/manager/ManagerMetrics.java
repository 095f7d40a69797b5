package githubrunner.manager;

import githubrunner.cloud.openstack.CallStats;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubStats;
import githubrunner.github.RateLimitStatus;
import githubrunner.metrics.ApiCallMetrics;
import githubrunner.metrics.EventLog;
import githubrunner.metrics.FleetMetrics;
import githubrunner.metrics.MetricEvent;
import githubrunner.metrics.ReactiveMetrics;
import githubrunner.metrics.RunnerOutcome;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The manager's metrics: its Prometheus registry ({@code GET /metrics}, series defined in
 * metrics/) and the event log, fed from the reconciler's outcomes and from the VMs' files
 * pulled before deletion ({@link VmMetricsCollector}).
 */
public final class ManagerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final String flavor;
    private final MetricsLog events;
    private final FleetMetrics fleet;
    /** Runners whose job started and never ended, since the last reconciliation event. */
    private final AtomicInteger crashedSinceEvent = new AtomicInteger();
    private ReactiveMetrics reactive;

    public ManagerMetrics(String flavor, MetricsLog events, Supplier<GitHubStats> github, Supplier<RateLimitStatus> rateLimit,
                          Supplier<CallStats> openstack) {
        this.flavor = flavor;
        this.events = events;
        this.fleet = new FleetMetrics(registry, flavor);
        ApiCallMetrics.registerGitHub(registry, () -> githubCalls(github.get()), () -> rateLimit.get().core()
                .map(b -> new ApiCallMetrics.Budget(b.limit(), b.remaining(), b.reset())), events.clock());
        ApiCallMetrics.registerOpenStack(registry, () -> openstackCalls(openstack.get()));
    }

    private static Map<String, ApiCallMetrics.Calls> githubCalls(GitHubStats stats) {
        Map<String, ApiCallMetrics.Calls> calls = new LinkedHashMap<>();
        stats.calls().forEach((kind, c) -> {
            Map<String, Long> errors = new LinkedHashMap<>();
            c.errors().forEach((type, count) -> errors.put(name(type), count));
            calls.put(name(kind), new ApiCallMetrics.Calls(c.calls(), Math.max(0, c.requests() - c.calls()), errors));
        });
        return calls;
    }

    private static Map<String, ApiCallMetrics.Calls> openstackCalls(CallStats stats) {
        Map<String, ApiCallMetrics.Calls> calls = new LinkedHashMap<>();
        stats.snapshot().forEach((operation, c) -> {
            Map<String, Long> errors = new LinkedHashMap<>();
            c.errors().forEach((type, count) -> errors.put(name(type), count));
            calls.put(operation, new ApiCallMetrics.Calls(c.calls(), c.retries(), errors));
        });
        return calls;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The reactive series (queue, claims, consumer restarts), registered with the manager's on first use. */
    synchronized ReactiveMetrics reactive() {
        if (reactive == null) {
            reactive = new ReactiveMetrics(registry, flavor);
        }
        return reactive;
    }

    String flavor() {
        return flavor;
    }

    EventLog eventLog() {
        return events.log();
    }

    void cycle(String kind, Duration duration, boolean succeeded) {
        fleet.cycle(kind, duration, succeeded);
    }

    void counts(ManagerStatus.Counts counts) {
        fleet.counts(counts.expected(), counts.idle(), counts.busy(), counts.starting());
    }

    void created(RunnerManager.Created created) {
        fleet.created(created.runners().size());
        for (Exception failure : created.failures()) {
            fleet.createFailed(failure instanceof GitHubException g ? "github_" + name(g.kind())
                    : failure instanceof githubrunner.cloud.openstack.CloudException c ? "openstack_" + name(c.kind())
                    : "other");
        }
    }

    void cleaned(List<Runner> dead, RunnerManager.Removed removed) {
        for (Runner runner : dead) {
            if (removed.runners().contains(runner.name())) {
                fleet.cleaned(name(runner.state()));
            }
        }
        removedRunners(removed);
    }

    void scaledDown(RunnerManager.Removed removed) {
        removedRunners(removed);
    }

    void flushed(boolean busyMode, RunnerManager.Removed removed) {
        fleet.flushRequested(busyMode, removed.runners().size());
        removedRunners(removed);
    }

    private void removedRunners(RunnerManager.Removed removed) {
        fleet.removed(removed.runners().size(), removed.runners().size(), removed.keptBusy().size());
        fleet.removalDurations(removed.deregistrations(), removed.vmDeletions());
    }

    /** One VM's files, pulled before its deletion: its events go to the log, its figures to the histograms. */
    void runnerPulled(RunnerOutcome outcome, Duration took, boolean reached) {
        outcome.events().forEach(events.log()::append);
        fleet.pulled(outcome, took, reached);
        if (outcome.crashed()) {
            crashedSinceEvent.incrementAndGet();
        }
    }

    /**
     * The JSON-lines {@code reconciliation} event of a full reconcile; {@code crashed_runners}
     * counts the runners pulled since the previous one whose job started and never ended.
     */
    void reconciliationEvent(ManagerStatus.Counts counts, Duration duration) {
        events.log().append(MetricEvent.reconciliation(events.clock().instant(), flavor, crashedSinceEvent.getAndSet(0),
                counts.idle(), counts.busy(), counts.expected(), duration.toMillis() / 1000.0));
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
