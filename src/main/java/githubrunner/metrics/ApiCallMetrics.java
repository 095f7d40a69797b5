package githubrunner.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The GitHub and OpenStack clients' call outcomes and the GitHub budget, read from the clients'
 * own counters at each scrape (callbacks: nothing to keep in step). The suppliers give plain
 * values, so this package needs none of the clients' types.
 */
public final class ApiCallMetrics {
    /** Calls of one operation and its errors by kind (lower-case names). */
    public record Calls(long calls, long retries, Map<String, Long> errors) {
        public Calls {
            errors = Map.copyOf(errors);
        }
    }

    /** GitHub's core budget as its last answer stated it. */
    public record Budget(long limit, long remaining, Instant reset) {}

    private ApiCallMetrics() {}

    /**
     * {@code github_client_calls_total{method}}, {@code github_client_errors_total{method,error_type}},
     * {@code github_api_rate_limit_remaining}, {@code github_api_rate_limit_limit} (the Python
     * charm's names) and {@code github_api_rate_limit_reset_seconds} (until the window resets).
     */
    public static void registerGitHub(PrometheusRegistry registry, Supplier<Map<String, Calls>> calls,
                                      Supplier<Optional<Budget>> budget, Clock clock) {
        CounterWithCallback.builder().name("github_client_calls_total").help("GitHub client operations, by method")
                .labelNames("method").callback(callback -> calls.get().forEach((method, c) -> callback.call(c.calls(), method)))
                .register(registry);
        CounterWithCallback.builder().name("github_client_errors_total").help("Failed GitHub client operations")
                .labelNames("method", "error_type").callback(callback -> calls.get().forEach((method, c) ->
                        c.errors().forEach((type, count) -> callback.call(count, method, type))))
                .register(registry);
        GaugeWithCallback.builder().name("github_api_rate_limit_remaining").help("GitHub core API calls left until the reset")
                .callback(callback -> budget.get().ifPresent(b -> callback.call(b.remaining()))).register(registry);
        GaugeWithCallback.builder().name("github_api_rate_limit_limit").help("GitHub core API calls allowed per window")
                .callback(callback -> budget.get().ifPresent(b -> callback.call(b.limit()))).register(registry);
        GaugeWithCallback.builder().name("github_api_rate_limit_reset_seconds")
                .help("Seconds until GitHub's core budget resets")
                .callback(callback -> budget.get().ifPresent(b -> callback.call(
                        Math.max(0, Duration.between(clock.instant(), b.reset()).toMillis() / 1000.0))))
                .register(registry);
    }

    /**
     * {@code openstack_client_calls_total{operation}}, {@code openstack_client_retries_total{operation}}
     * and {@code openstack_client_errors_total{operation,error_type}} (error types: authentication,
     * quota, server_error, timeout, unreachable, ...).
     */
    public static void registerOpenStack(PrometheusRegistry registry, Supplier<Map<String, Calls>> calls) {
        CounterWithCallback.builder().name("openstack_client_calls_total").help("OpenStack HTTP calls, by operation")
                .labelNames("operation").callback(callback -> calls.get().forEach((operation, c) ->
                        callback.call(c.calls(), operation))).register(registry);
        CounterWithCallback.builder().name("openstack_client_retries_total").help("OpenStack calls retried, by operation")
                .labelNames("operation").callback(callback -> calls.get().forEach((operation, c) ->
                        callback.call(c.retries(), operation))).register(registry);
        CounterWithCallback.builder().name("openstack_client_errors_total").help("Failed OpenStack calls, by error type")
                .labelNames("operation", "error_type").callback(callback -> calls.get().forEach((operation, c) ->
                        c.errors().forEach((type, count) -> callback.call(count, operation, type)))).register(registry);
    }
}
