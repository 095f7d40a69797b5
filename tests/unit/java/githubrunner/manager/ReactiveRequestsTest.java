package githubrunner.manager;

import githubrunner.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import githubrunner.contract.ReactiveApi;
import githubrunner.github.GitHubRunner;
import githubrunner.metrics.ReactiveMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        assertEquals(2, requests.open(clock.instant()));
        clock.advance(Duration.ofSeconds(50));
        requests.put(7, request(60));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(List.of(7L), requests.list().jobIds(), "8 was not renewed: lapsed; 7 was");
        requests.close(7);
        assertEquals(0, requests.open(clock.instant()));
        assertEquals(2, wakes.get(), "only a new request wakes the reconciler, not a renewal");
        String metrics = metrics();
        for (String outcome : List.of("opened\"} 2", "lapsed\"} 1", "closed\"} 1")) {
            assertTrue(metrics.contains("reactive_runner_requests_total{flavor=\"app\",outcome=\"" + outcome), metrics);
        }
    }

    /** A fleet of one runner {@code name}, in the given GitHub status. */
    static Fleet fleetOf(InstanceName name, String githubStatus, boolean busy) {
        CloudServer vm = new CloudServer("vm-1", name, ServerStatus.ACTIVE, Instant.parse("2026-12-01T11:59:00Z"),
                Map.of("runner_id", "1"), List.of());
        List<GitHubRunner> registrations = githubStatus == null ? List.of()
                : List.of(new GitHubRunner(1, name.value(), githubStatus, busy, List.of("x64")));
        return Fleet.of(List.of(vm), registrations, "github-runner-0", Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void aJobWhoseRunnerTookAJobWaitsNoMoreThoughItsConsumerHasNotSeenItYet() throws Exception {
        InstanceName runner = InstanceName.generate("github-runner-0");
        Fleet none = Fleet.of(List.of(), List.of(), "github-runner-0", clock.instant());
        requests.put(7, request(600));
        assertEquals(1, requests.demand(clock.instant(), none));
        requests.created(List.of(runner));
        assertEquals(1, requests.demand(clock.instant(), fleetOf(runner, "offline", false)), "its runner is starting");
        assertEquals(1, requests.demand(clock.instant(), fleetOf(runner, "online", false)), "its runner is idle");
        assertEquals(0, requests.demand(clock.instant(), fleetOf(runner, "online", true)), "its runner took a job");
        assertEquals(1, requests.open(clock.instant()), "open until its consumer closes it");
        assertEquals(0, requests.demand(clock.instant(), fleetOf(runner, null, false)), "its runner finished a job");
        assertEquals(0, requests.demand(clock.instant(), none), "its runner gone after its job");
        clock.advance(ReactiveRequests.PICKUP_WAIT);
        assertEquals(1, requests.demand(clock.instant(), none),
                "still open so long after: its runner took another job, it waits again");
    }

    @Test
    void aRunnerThatTookTheJobOfARequestWithoutRunnerLeavesItsOwnJobWaitingAtOnce() throws Exception {
        InstanceName runner = InstanceName.generate("github-runner-0");
        requests.put(7, request(600));
        requests.put(8, request(600));
        requests.created(List.of(runner)); // job 7's; job 8's create failed
        assertEquals(2, requests.demand(clock.instant(), fleetOf(runner, "offline", false)), "job 7's runner is starting");
        assertEquals(1, requests.demand(clock.instant(), fleetOf(runner, "online", true)), "job 7's runner took a job");
        int wakesBefore = wakes.get();
        requests.close(8); // it was job 8: its consumer saw it picked up
        assertEquals(1, requests.demand(clock.instant(), fleetOf(runner, "online", true)),
                "job 7 waits again without waiting out the pickup time");
        assertEquals(wakesBefore + 1, wakes.get(), "the reconciler is woken for it");
    }

    @Test
    void aClosedRequestWithItsOwnRunnerLeavesTheOthersAsTheyWere() throws Exception {
        InstanceName seven = InstanceName.generate("github-runner-0");
        InstanceName eight = InstanceName.generate("github-runner-0");
        requests.put(7, request(600));
        requests.put(8, request(600));
        requests.created(List.of(seven, eight));
        CloudServer vm7 = new CloudServer("vm-7", seven, ServerStatus.ACTIVE, clock.instant(), Map.of("runner_id", "7"), List.of());
        CloudServer vm8 = new CloudServer("vm-8", eight, ServerStatus.ACTIVE, clock.instant(), Map.of("runner_id", "8"), List.of());
        Fleet sevenBusy = Fleet.of(List.of(vm7, vm8), List.of(new GitHubRunner(7, seven.value(), "online", true, List.of("x64")),
                new GitHubRunner(8, eight.value(), "online", false, List.of("x64"))), "github-runner-0", clock.instant());
        assertEquals(1, requests.demand(clock.instant(), sevenBusy));
        requests.close(8); // job 8 was taken (by job 7's runner or another): its own idle runner is a spare for job 7
        assertEquals(0, requests.demand(clock.instant(), sevenBusy), "no new runner: job 8's idle one is left for job 7");
    }

    @Test
    void aJobWhoseRunnerBrokeWaitsAgainAndRunnersGoToTheOldestJobsFirst() throws Exception {
        InstanceName first = InstanceName.generate("github-runner-0");
        requests.put(8, request(600));
        requests.put(7, request(600));
        requests.created(List.of(first));
        Fleet broken = Fleet.of(List.of(new CloudServer("vm-1", first, ServerStatus.ERROR, clock.instant(),
                Map.of("runner_id", "1"), List.of())), List.of(), "github-runner-0", clock.instant());
        assertEquals(2, requests.demand(clock.instant(), broken), "job 7's runner broke before taking a job");
        InstanceName second = InstanceName.generate("github-runner-0");
        requests.created(List.of(second));
        assertEquals(1, requests.demand(clock.instant(), fleetOf(second, "online", true)),
                "the new runner went to job 7, the oldest, and took a job; job 8 waits");
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
        assertEquals(0, requests.open(clock.instant()), "nothing refused is counted");
    }
}
