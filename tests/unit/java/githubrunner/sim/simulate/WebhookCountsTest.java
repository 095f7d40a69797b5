package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.sim.github.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookCountsTest {
    static WebhookDelivery attempt(long id, String guid, String event, String action, boolean redelivery, int status) {
        return new WebhookDelivery(id, 1, guid, event, action, id, Instant.EPOCH, redelivery, status,
                status == 200 ? "OK" : "failed", 0.01, "");
    }

    @Test
    void countsAttemptsByOutcomeAndTheQueuedEventsNoAttemptDelivered() {
        WebhookCounts counts = WebhookCounts.of(List.of(
                attempt(1, "ping", "ping", null, false, 200),
                attempt(2, "a", "workflow_job", "queued", false, 200),
                attempt(3, "b", "workflow_job", "queued", false, 0),       // lost on the way
                attempt(4, "b", "workflow_job", "queued", true, 503),      // redelivered, failed again
                attempt(5, "b", "workflow_job", "queued", true, 200),      // and then delivered
                attempt(6, "c", "workflow_job", "queued", false, 0),       // still waiting for a redelivery
                attempt(7, "d", "workflow_job", "completed", false, 0)));  // lost, and never redelivered: not queued
        assertEquals(new WebhookCounts(1, 4, 1, 1), counts);
        assertEquals("webhooks 1 delivered, 4 failed, 1 redelivered", counts.toString());
        assertEquals(WebhookCounts.NONE, WebhookCounts.of(List.of(attempt(1, "ping", "ping", null, false, 200))));
    }
}
