package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.util.List;

/**
 * GitHub's hook REST endpoints, under {@code /repos/{owner}/{repo}} or {@code /orgs/{org}}:
 * {@code POST /hooks} (create), {@code GET /hooks/{id}/deliveries} (newest first, {@code per_page}
 * up to 100, cursor pagination with a {@code Link} header), {@code GET .../deliveries/{id}} and
 * {@code POST .../deliveries/{id}/attempts} (202, the event is delivered again).
 */
final class WebhookApi {
    private static final String CURSOR_PREFIX = "v1_";
    private final Webhooks webhooks;
    private final String baseUrl;

    WebhookApi(Webhooks webhooks, String baseUrl) {
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    Reply create(SimScope scope, Http.Incoming request) throws ApiError {
        JsonNode body = Json.parseObject(request.body());
        JsonNode config = body.path("config");
        String url = config.path("url").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiError.unprocessable("Validation Failed: config.url must be a URL");
        }
        long id = webhooks.add(scope, url, config.path("secret").asText(""));
        ObjectNode hook = JsonNodes.object();
        hook.put("type", scope.isOrganisation() ? "Organization" : "Repository");
        hook.put("id", id);
        hook.put("name", "web");
        hook.put("active", true);
        hook.putArray("events").add("workflow_job");
        ObjectNode shown = hook.putObject("config");
        shown.put("url", url);
        shown.put("content_type", "json");
        shown.put("insecure_ssl", "0");
        if (!config.path("secret").asText("").isEmpty()) {
            shown.put("secret", "********");
        }
        hook.put("deliveries_url", baseUrl + "/" + scope.key() + "/hooks/" + id + "/deliveries");
        return Reply.json(201, hook);
    }

    Reply list(SimScope scope, long hookId, Http.Incoming request) throws ApiError {
        requireHook(scope, hookId);
        int perPage = Math.min(Pagination.MAX_PER_PAGE, positive(request.query().get("per_page"), Pagination.DEFAULT_PER_PAGE));
        long below = Long.MAX_VALUE;
        String cursor = request.query().get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            if (!cursor.startsWith(CURSOR_PREFIX)) {
                throw new ApiError(400, "Invalid cursor");
            }
            try {
                below = Long.parseLong(cursor.substring(CURSOR_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "Invalid cursor");
            }
        }
        List<ObjectNode> page = webhooks.list(hookId, below, perPage + 1);
        ArrayNode items = JsonNodes.array();
        page.stream().limit(perPage).forEach(items::add);
        Reply reply = Reply.json(200, items);
        if (page.size() > perPage) {
            long last = page.get(perPage - 1).get("id").asLong();
            String next = baseUrl + request.path() + "?per_page=" + perPage + "&cursor=" + CURSOR_PREFIX + last;
            reply = reply.with("link", "<" + next + ">; rel=\"next\"");
        }
        return reply;
    }

    Reply get(SimScope scope, long hookId, long deliveryId) throws ApiError {
        requireHook(scope, hookId);
        return Reply.json(200, webhooks.get(hookId, deliveryId).orElseThrow(ApiError::notFound));
    }

    Reply redeliver(SimScope scope, long hookId, long deliveryId) throws ApiError {
        requireHook(scope, hookId);
        if (!webhooks.redeliver(hookId, deliveryId)) {
            throw ApiError.notFound();
        }
        return Reply.json(202, JsonNodes.object());
    }

    private void requireHook(SimScope scope, long hookId) throws ApiError {
        if (!webhooks.exists(scope, hookId)) {
            throw ApiError.notFound();
        }
    }

    private static int positive(String value, int fallback) {
        try {
            int number = value == null ? fallback : Integer.parseInt(value);
            return number > 0 ? number : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
