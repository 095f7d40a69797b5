package githubrunner.router;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The router's Prometheus metrics ({@code GET /metrics}): the series the dashboards use
 * ({@link githubrunner.metrics.RouterMetrics}: requests by outcome class and status class, answer
 * time), and the router's own: answers by exact outcome, how long enqueueing
 * took, duplicates caught, unroutable jobs by label set, redeliveries asked for. Label sets come
 * from signed payloads, but are capped all the same so no sender can grow the series without bound.
 */
final class RouterMetrics {
    static final int MAX_LABEL_SETS = 200;
    static final String OTHER_LABEL_SET = "(other)";
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final githubrunner.metrics.RouterMetrics deliveries;
    private final Histogram enqueueSeconds;
    private final Counter duplicates;
    private final Counter unroutable;
    private final Counter redeliveries;
    private final Set<String> labelSets = ConcurrentHashMap.newKeySet();

    RouterMetrics(BooleanSupplier mongoUp) {
        // The series the dashboards and alert rules read (outcome class and HTTP status class) ...
        deliveries = new githubrunner.metrics.RouterMetrics(registry);
        // ... and the router's own answer for each, finer grained.
        requests = Counter.builder().name("webhook_router_answers_total")
                .help("Webhook answers by exact outcome (enqueued, duplicate_delivery, unroutable, signature_invalid, ...)")
                .labelNames("outcome").register(registry);
        enqueueSeconds = Histogram.builder().name("webhook_router_enqueue_seconds")
                .help("Time to put a routed job into the MongoDB queue (claim, insert, mark)")
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2)
                .register(registry);
        duplicates = Counter.builder().name("webhook_router_dedupe_hits_total")
                .help("Queued jobs not enqueued again: same delivery id (redelivery), or same job id within the window")
                .labelNames("kind").register(registry);
        unroutable = Counter.builder().name("webhook_router_unroutable_total")
                .help("Queued jobs whose labels no flavour has, by label set (defaults removed)")
                .labelNames("labels").register(registry);
        redeliveries = Counter.builder().name("webhook_router_redeliveries_total")
                .help("Failed deliveries the router asked GitHub to deliver again, by result")
                .labelNames("result").register(registry);
        GaugeWithCallback.builder().name("webhook_router_mongodb_up")
                .help("1 while MongoDB answers the router's operations")
                .callback(callback -> callback.call(mongoUp.getAsBoolean() ? 1 : 0)).register(registry);
    }

    void request(Outcome outcome, long nanos) {
        requests.labelValues(outcome.label()).inc();
        deliveries.delivery(kind(outcome), outcome.status(), java.time.Duration.ofNanos(nanos));
        switch (outcome) {
            case DUPLICATE_DELIVERY -> duplicates.labelValues("delivery").inc();
            case DUPLICATE_JOB -> duplicates.labelValues("job").inc();
            default -> { }
        }
    }

    private static githubrunner.metrics.RouterMetrics.Outcome kind(Outcome outcome) {
        return switch (outcome) {
            case ENQUEUED -> githubrunner.metrics.RouterMetrics.Outcome.QUEUED;
            case DUPLICATE_DELIVERY, DUPLICATE_JOB, PING, IGNORED_EVENT, IGNORED_ACTION ->
                    githubrunner.metrics.RouterMetrics.Outcome.IGNORED;
            case UNROUTABLE -> githubrunner.metrics.RouterMetrics.Outcome.UNROUTABLE;
            case SIGNATURE_MISSING, SIGNATURE_INVALID -> githubrunner.metrics.RouterMetrics.Outcome.REJECTED;
            case UNAVAILABLE, OVERLOADED -> githubrunner.metrics.RouterMetrics.Outcome.ERROR;
            default -> githubrunner.metrics.RouterMetrics.Outcome.INVALID;
        };
    }

    void enqueued(long nanos) {
        enqueueSeconds.observe(nanos / 1e9);
    }

    void unroutable(Set<String> labels) {
        String set = String.join(",", labels);
        if (!labelSets.contains(set) && (labelSets.size() >= MAX_LABEL_SETS || !labelSets.add(set))) {
            set = labelSets.contains(set) ? set : OTHER_LABEL_SET;
        }
        unroutable.labelValues(set).inc();
    }

    void redelivery(String result, long count) {
        if (count > 0) {
            redeliveries.labelValues(result).inc(count);
        }
    }

    void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
