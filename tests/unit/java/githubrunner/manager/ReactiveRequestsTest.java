package githubrunner.manager;

import githubrunner.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.contract.ReactiveApi;
import githubrunner.metrics.ReactiveMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReactiveRequestsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    final AtomicInteger wakes = new AtomicInteger();
    final PrometheusRegistry registry = new PrometheusRegistry();
    final ReactiveRequests requests = new ReactiveRequests(clock, 2, 10, wakes::incrementAndGet,
            new ReactiveMetrics(registry, "app"));

    private String metrics() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString();
    }

    static ReactiveApi.RunnerRequest request(int lease) {
        return new ReactiveApi.RunnerRequest("https://api.github.com/repos/o/r/actions/jobs/7", List.of("x64"), lease);
    }

    @Test
    void requestsAreDemandWhileRenewedAndLapseAfterTheirLease() throws Exception {
        var state = requests.put(7, request(60));
        assertEquals(new ReactiveApi.RequestState(7, 1, 8), state, "capacity is max-total minus the base pool");
        requests.put(8, request(60));
        assertEquals(2, requests.demand(clock.instant()));
        clock.advance(Duration.ofSeconds(50));
        requests.put(7, request(60));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(List.of(7L), requests.list().jobIds(), "8 was not renewed: lapsed; 7 was");
        requests.close(7);
        assertEquals(0, requests.demand(clock.instant()));
        assertEquals(2, wakes.get(), "only a new request wakes the reconciler, not a renewal");
        String metrics = metrics();
        for (String outcome : List.of("opened\"} 2", "lapsed\"} 1", "closed\"} 1")) {
            assertTrue(metrics.contains("reactive_runner_requests_total{flavor=\"app\",outcome=\"" + outcome), metrics);
        }
    }

    @Test
    void aLapsedRequestAskedAgainIsNewAgain() throws Exception {
        requests.put(7, request(10));
        clock.advance(Duration.ofSeconds(11));
        requests.put(7, request(10));
        assertEquals(2, wakes.get());
    }

    @Test
    void withoutMaxTotalTheCapacityIsBoundedAnyway() throws Exception {
        var uncapped = new ReactiveRequests(clock, 2, 0, () -> { }, new ReactiveMetrics(new PrometheusRegistry(), "app"));
        assertEquals(ReactiveRequests.UNCAPPED, uncapped.put(1, request(30)).capacity());
    }

    @Test
    void hostileRequestsAreRefusedWithTheReason() {
        String[] reasons = {
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(0, request(60))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, request(0))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, request(601))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, new ReactiveApi.RunnerRequest(
                    "u".repeat(3000), List.of(), 60))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, new ReactiveApi.RunnerRequest(
                    request(60).jobUrl(), java.util.Collections.nCopies(33, "x"), 60))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, null)).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, new ReactiveApi.RunnerRequest(
                    "javascript:alert(1)", List.of(), 60))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, new ReactiveApi.RunnerRequest(
                    "https://api.github.com/repos/o/r/actions/jobs/7 x", List.of(), 60))).getMessage(),
            assertThrows(ReactiveRequests.Invalid.class, () -> requests.put(7, new ReactiveApi.RunnerRequest(
                    request(60).jobUrl(), List.of("x64\u001b[2J"), 60))).getMessage(),
        };
        assertTrue(reasons[0].contains("positive"));
        assertTrue(reasons[1].contains("lease_seconds") && reasons[2].contains("lease_seconds"));
        assertTrue(reasons[3].contains("job_url") && reasons[5].contains("job_url"));
        assertTrue(reasons[4].contains("labels") && reasons[8].contains("labels"));
        assertTrue(reasons[6].contains("http(s) URL") && reasons[7].contains("http(s) URL"));
        assertEquals(0, requests.demand(clock.instant()), "nothing refused is counted");
    }
}
