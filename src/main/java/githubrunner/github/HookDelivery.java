package githubrunner.github;

import java.time.Instant;

/**
 * One delivery attempt of a webhook, as {@code GET .../hooks/{id}/deliveries} lists it.
 *
 * @param id this attempt's id (what a redelivery names)
 * @param guid the event's id, shared by every attempt and redelivery of it ({@code X-GitHub-Delivery})
 * @param statusCode the receiver's HTTP status, 0 when it could not be reached or timed out
 * @param action the payload's action, or null (ping has none)
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, String status,
                           int statusCode, String event, String action) {
    /** Whether the receiver took it: GitHub counts any 2xx as delivered. */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
