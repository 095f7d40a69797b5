package githubrunner.sim.github;

import java.time.Instant;

/**
 * One delivery attempt the emulator made, as its log (and GitHub's deliveries list) records it.
 *
 * @param id the attempt's id
 * @param guid the event's id, shared by its redeliveries ({@code X-GitHub-Delivery})
 * @param jobId the workflow job of a {@code workflow_job} event, 0 for others (ping)
 * @param deliveredAt when the attempt was sent (or lost); its answer came {@code duration} seconds later
 * @param statusCode the receiver's answer, 0 when there was none (refused, timed out, dropped)
 * @param response the receiver's answer body (its first 1,000 characters), empty when there was none
 */
public record WebhookDelivery(long id, long hookId, String guid, String event, String action, long jobId,
                              Instant deliveredAt, boolean redelivery, int statusCode, String status, double duration,
                              String response) {
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** When the answer came back: {@code deliveredAt} plus {@code duration}. */
    public Instant answeredAt() {
        return deliveredAt.plusNanos(Math.round(duration * 1e9));
    }
}
