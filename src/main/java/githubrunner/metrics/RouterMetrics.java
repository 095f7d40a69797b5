package githubrunner.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/** The webhook router's series: every delivery by outcome and HTTP status, and how long it took. */
public final class RouterMetrics {
    /** What became of a delivery. */
    public enum Outcome {
        /** Routed and enqueued. */
        QUEUED,
        /** Valid, but nothing to do (an action other than queued, a job for GitHub-hosted runners). */
        IGNORED,
        /** No flavour serves the job's labels. */
        UNROUTABLE,
        /** Signature missing or wrong. */
        REJECTED,
        /** Not a workflow_job payload we can read. */
        INVALID,
        /** Our fault (queue unreachable, ...): 5xx. */
        ERROR
    }

    private final Counter deliveries;
    private final Histogram duration;

    public RouterMetrics(PrometheusRegistry registry) {
        deliveries = Counter.builder().name("webhook_router_requests_total")
                .help("Webhook deliveries, by outcome and HTTP status class (2xx, 4xx, 5xx)")
                .labelNames("outcome", "status").register(registry);
        duration = Histogram.builder().name("webhook_router_request_duration_seconds")
                .help("Time to answer a webhook delivery").classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    public void delivery(Outcome outcome, int httpStatus, Duration took) {
        deliveries.labelValues(outcome.name().toLowerCase(java.util.Locale.ROOT), (httpStatus / 100) + "xx").inc();
        duration.observe(FleetMetrics.seconds(took));
    }
}
