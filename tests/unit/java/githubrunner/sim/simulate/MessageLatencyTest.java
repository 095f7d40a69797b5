package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import githubrunner.sim.github.JobView;
import githubrunner.sim.github.WebhookDelivery;
import githubrunner.sim.openstack.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLatencyTest {
    private static Instant at(long millis) {
        return Instant.EPOCH.plusMillis(millis);
    }

    private static MessageLatency.Message message(long jobId, long millis) {
        return new MessageLatency.Message(jobId, at(millis));
    }

    @Test
    void eachCreateGoesToTheWaitingMessageOfTheLowestJobId() {
        MessageLatency latency = MessageLatency.pair(
                List.of(message(2, 1000), message(1, 2000), message(3, 2500), message(4, 4000), message(5, 7000)),
                List.of(at(500),    // before any message (a base runner): pairs with none
                        at(1400),   // job 2, the only one waiting: 0.4 s
                        at(2200),   // job 1 (redelivered late, lowest id): 0.2 s
                        at(3000),   // job 3: 0.5 s
                        at(6000)),  // job 4 was taken at 5 s, job 5 not queued yet: pairs with none
                Map.of(1L, at(3000), 2L, at(3000), 3L, at(5000), 4L, at(5000)));
        assertEquals(List.of(Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(500)), latency.latencies());
        assertEquals(5, latency.messages());
        assertEquals(1, latency.takenByExisting());   // job 4
        assertEquals(1, latency.neverGotVm());        // job 5
        assertEquals(Duration.ofMillis(400), latency.percentile(50));
        assertEquals(Duration.ofMillis(500), latency.percentile(95));
        assertEquals(Duration.ofMillis(500), latency.percentile(100));
        assertEquals("median 0.4s, p95 0.5s, max 0.5s (5 messages; 1 taken by a runner that already existed;"
                + " 1 never got a VM)",
                latency.toString());
    }

    @Test
    void aJobAlreadyTakenWhenAVmIsAskedForNeedsNone() {
        MessageLatency latency = MessageLatency.pair(List.of(message(1, 0), message(2, 100)),
                List.of(at(300)), Map.of(1L, at(200), 2L, at(900)));
        assertEquals(List.of(Duration.ofMillis(200)), latency.latencies());
        assertEquals(1, latency.takenByExisting());
        assertEquals(0, latency.neverGotVm());
    }

    @Test
    void withoutMessagesThereIsNoFigure() {
        MessageLatency latency = MessageLatency.pair(List.of(), List.of(at(1)), Map.of());
        assertNull(latency.percentile(50));
        assertEquals("no message was enqueued", latency.toString());
    }

    @Test
    void readsTheRoutersEnqueuesAndTheSuccessfulCreatesOfTheUnitFromTheEmulatorsLogs() {
        List<WebhookDelivery> log = List.of(
                delivery(1, "ping", null, 0, 200, 0, "pong"),
                delivery(2, "workflow_job", "queued", 1, 0, 10, ""),                                     // lost
                delivery(3, "workflow_job", "queued", 2, 200, 100, "Job 2 enqueued for github-runner.\n"),
                delivery(4, "workflow_job", "queued", 2, 200, 150, "Delivery already enqueued: job 2 not enqueued again.\n"),
                delivery(5, "workflow_job", "queued", 1, 200, 1000, "Job 1 enqueued for github-runner.\n"),
                delivery(6, "workflow_job", "in_progress", 2, 200, 1200, "Ignored: only queued jobs are routed, not in_progress.\n"));
        List<RecordedRequest> requests = List.of(
                new RecordedRequest(1, at(300), "POST", "/compute/v2.1/servers", "", 503, "503", "github-runner-0-aaaaaaaaaaaa"),
                new RecordedRequest(2, at(400), "POST", "/compute/v2.1/servers", "", 202, null, "github-runner-0-bbbbbbbbbbbb"),
                new RecordedRequest(3, at(500), "POST", "/compute/v2.1/servers", "", 202, null, "other-unit-cccccccccccc"),
                new RecordedRequest(4, at(600), "GET", "/compute/v2.1/servers", "", 200, null, null),
                new RecordedRequest(5, at(1800), "POST", "/compute/v2.1/servers", "", 202, null, "github-runner-0-dddddddddddd"));
        List<JobView> jobs = List.of(job(1, at(2500)), job(2, at(1500)));
        MessageLatency latency = MessageLatency.of(log, requests, jobs, "github-runner-0");
        // job 2 in the queue at 0.1 s + 0.02 s (the answer), its VM asked for at 0.4 s; job 1 at 1.02 s, VM at 1.8 s
        assertEquals(List.of(Duration.ofMillis(280), Duration.ofMillis(780)), latency.latencies());
        assertEquals(2, latency.messages());
        assertEquals(0, latency.takenByExisting());
        assertEquals(0, latency.neverGotVm());
    }

    private static WebhookDelivery delivery(long id, String event, String action, long jobId, int status, long millis,
                                            String response) {
        return new WebhookDelivery(id, 1, "guid-" + jobId + "-" + action, event, action, jobId, at(millis), false, status,
                status == 200 ? "OK" : "timed out", status == 0 ? 0 : 0.02, response);
    }

    private static JobView job(long id, Instant startedAt) {
        return new JobView(id, 1, "simulated", "project", "build", List.of("self-hosted"), "completed", "success", 1L,
                "github-runner-0-x", 1L, "Default", "sha", Instant.EPOCH, startedAt, startedAt.plusSeconds(5));
    }
}
