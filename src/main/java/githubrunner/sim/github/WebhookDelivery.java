package githubrunner.sim.github;

import java.time.Instant;

/**
 * One delivery attempt the emulator made, as its log (and GitHub's deliveries list) records it.
 *
 * @param id the attempt's id
 * @param guid the event's id, shared by its redeliveries ({@code X-GitHub-Delivery})
 * @param jobId the workflow job of a {@code workflow_job} event, 0 for others (ping)
 * @param statusCode the receiver's answer, 0 when there was none (refused, timed out, dropped)
 */
public record WebhookDelivery(long id, long hookId, String guid, String event, String action, long jobId,
                              Instant deliveredAt, boolean redelivery, int statusCode, String status, double duration) {
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
