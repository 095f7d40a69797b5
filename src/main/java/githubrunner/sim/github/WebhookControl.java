package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;

/** The control API's webhook routes, for simulators in another process. */
final class WebhookControl {
    private WebhookControl() {}

    static Reply add(GitHubEmulator emulator, JsonNode body) throws ApiError {
        String scope = body.path("scope").asText("");
        String url = body.path("url").asText("");
        if (scope.isEmpty() || url.isEmpty()) {
            throw ApiError.unprocessable("scope and url are required");
        }
        if (body.has("drop_rate")) {
            emulator.webhookDropRate(body.get("drop_rate").asDouble(), body.path("seed").asLong(1));
        }
        long id = emulator.addWebhook(scope, url, body.path("secret").asText(""));
        return Reply.json(201, JsonNodes.object().put("id", id));
    }

    static ArrayNode log(GitHubEmulator emulator) {
        ArrayNode list = JsonNodes.array();
        for (WebhookDelivery delivery : emulator.webhookDeliveries()) {
            ObjectNode item = list.addObject();
            item.put("id", delivery.id());
            item.put("hook_id", delivery.hookId());
            item.put("guid", delivery.guid());
            item.put("event", delivery.event());
            item.put("action", delivery.action());
            item.put("job_id", delivery.jobId());
            item.put("delivered_at", Json.time(delivery.deliveredAt()));
            item.put("redelivery", delivery.redelivery());
            item.put("status_code", delivery.statusCode());
            item.put("status", delivery.status());
        }
        return list;
    }
}
