package githubrunner.sim.simulate;

import githubrunner.sim.github.WebhookDelivery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code workflow_job} deliveries of the emulator's log by outcome: first attempts answered
 * 2xx, attempts that failed (dropped on the way, or a non-2xx answer), redeliveries answered 2xx;
 * and the {@code queued} events no attempt delivered yet, whose jobs wait for a redelivery.
 */
record WebhookCounts(int delivered, int failed, int redelivered, int queuedUndelivered) {
    static final WebhookCounts NONE = new WebhookCounts(0, 0, 0, 0);

    static WebhookCounts of(List<WebhookDelivery> log) {
        int delivered = 0;
        int failed = 0;
        int redelivered = 0;
        Set<String> queued = new HashSet<>();
        Set<String> queuedDelivered = new HashSet<>();
        for (WebhookDelivery delivery : log) {
            if (!"workflow_job".equals(delivery.event())) {
                continue; // the hook's ping
            }
            if (!delivery.succeeded()) {
                failed++;
            } else if (delivery.redelivery()) {
                redelivered++;
            } else {
                delivered++;
            }
            if ("queued".equals(delivery.action())) {
                queued.add(delivery.guid());
                if (delivery.succeeded()) {
                    queuedDelivered.add(delivery.guid());
                }
            }
        }
        queued.removeAll(queuedDelivered);
        return new WebhookCounts(delivered, failed, redelivered, queued.size());
    }

    @Override
    public String toString() {
        return String.format("webhooks %d delivered, %d failed, %d redelivered", delivered, failed, redelivered);
    }
}
