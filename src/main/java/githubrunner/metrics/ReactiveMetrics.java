package githubrunner.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The reactive side's series, for whichever process serves them (the manager supervising its
 * consumers): queue depth, the age of the oldest waiting job and of the oldest claim, the
 * consumers' runner requests by outcome, consumer restarts. Label {@code flavor} = the application (the queue's name).
 */
public final class ReactiveMetrics {
    private final String flavor;
    private final Gauge depth;
    private final Gauge oldestWaiting;
    private final Gauge oldestClaim;
    private final Counter requests;
    private final Counter restarts;

    public ReactiveMetrics(PrometheusRegistry registry, String flavor) {
        this.flavor = flavor;
        depth = Gauge.builder().name("reactive_queue_depth").help("Jobs in the queue, waiting or claimed")
                .labelNames("flavor").register(registry);
        oldestWaiting = Gauge.builder().name("reactive_queue_oldest_age_seconds")
                .help("Age of the oldest job in the queue (0 when empty)").labelNames("flavor").register(registry);
        oldestClaim = Gauge.builder().name("reactive_claim_oldest_age_seconds")
                .help("Age of the oldest claim a consumer holds (0 when none)").labelNames("flavor").register(registry);
        requests = Counter.builder().name("reactive_runner_requests_total")
                .help("Jobs the consumers asked a runner for, by outcome: opened, closed (the consumer is done with it:"
                        + " picked up, finished or dropped), lapsed (no longer renewed: its consumer stopped)")
                .labelNames("flavor", "outcome").register(registry);
        restarts = Counter.builder().name("reactive_consumer_restarts_total")
                .help("Consumer processes restarted after they exited").labelNames("flavor").register(registry);
    }

    public void queue(int jobs, Duration oldestJob, Duration oldestClaimHeld) {
        depth.labelValues(flavor).set(jobs);
        oldestWaiting.labelValues(flavor).set(FleetMetrics.seconds(oldestJob));
        oldestClaim.labelValues(flavor).set(FleetMetrics.seconds(oldestClaimHeld));
    }

    /** @param outcome opened, closed or lapsed */
    public void runnerRequest(String outcome) {
        requests.labelValues(flavor, outcome).inc();
    }

    public void consumerRestarted() {
        restarts.labelValues(flavor).inc();
    }
}
