package githubrunner.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A repository's or an organisation's webhook deliveries: listing them (newest first, cursor
 * pages of 100) and asking GitHub to deliver one again ({@code POST .../attempts}, 202). GitHub
 * never retries a failed delivery by itself. Requests go through a {@link GitHubClient}, so they
 * share its credentials, timeouts, budget tracking and error types.
 *
 * <p>Needs the hooks permission: a classic token with {@code admin:repo_hook} (or
 * {@code admin:org_hook}), a fine-grained token or App with Webhooks read & write.
 */
public final class HookDeliveries {
    /** Enough for days of deliveries of a busy hook; beyond, the listing is cut rather than spending the budget. */
    public static final int MAX_PAGES = 30;

    private final GitHubClient client;

    public HookDeliveries(GitHubClient client) {
        this.client = client;
    }

    /** Where a hook lives: {@code owner/repo} or {@code org}, and its id. */
    public record Hook(String path, long id) {
        public Hook {
            if (path == null) {
                throw new IllegalArgumentException("a hook needs a path");
            }
            String[] parts = path.split("/", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("invalid hook path " + path + ": expected <org> or <owner>/<repo>");
            }
            for (String part : parts) {
                GitHubScope.checkName(part, parts.length == 2 ? "repository path" : "organisation");
            }
            if (id <= 0) {
                throw new IllegalArgumentException("invalid hook id " + id);
            }
        }

        String basePath() {
            return (path.contains("/") ? "/repos/" : "/orgs/") + path + "/hooks/" + id;
        }

        @Override
        public String toString() {
            return path + " hook " + id;
        }
    }

    /**
     * Deliveries newest first, down to the first one delivered before {@code since} (excluded),
     * at most {@link #MAX_PAGES} pages.
     *
     * @param keepGoing asked before each further page (e.g. "is there budget left?"); false stops the listing
     */
    public List<HookDelivery> listSince(Hook hook, Instant since, Predicate<Integer> keepGoing) throws GitHubException {
        String path = hook.basePath() + "/deliveries";
        String what = "GET " + path;
        List<HookDelivery> deliveries = new ArrayList<>();
        String cursor = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            if (page > 1 && !keepGoing.test(page)) {
                break;
            }
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("per_page", GitHubClient.PER_PAGE);
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            var response = client.request(CallKind.LIST_HOOK_DELIVERIES, "GET", path, query);
            List<JsonNode> items = JsonFields.parseArray(response.body(), what);
            for (JsonNode item : items) {
                HookDelivery delivery = parse(item, what);
                if (delivery.deliveredAt().isBefore(since)) {
                    return deliveries;
                }
                deliveries.add(delivery);
            }
            Optional<String> next = LinkHeader.nextCursor(response.link());
            if (items.isEmpty() || next.isEmpty()) {
                break;
            }
            String decoded = URLDecoder.decode(next.get(), StandardCharsets.UTF_8);
            if (decoded.equals(cursor)) {
                throw JsonFields.invalid(what, "the next-page cursor does not advance");
            }
            cursor = decoded;
        }
        return deliveries;
    }

    /** Asks GitHub to deliver this attempt's event again (a new attempt with the same guid). */
    public void redeliver(Hook hook, long deliveryId) throws GitHubException {
        if (deliveryId <= 0) {
            throw new IllegalArgumentException("invalid delivery id " + deliveryId);
        }
        client.request(CallKind.REDELIVER_HOOK_DELIVERY, "POST",
                hook.basePath() + "/deliveries/" + deliveryId + "/attempts", Map.of());
    }

    /** What the client knows of its budgets (the router stops redelivering before they run out). */
    public RateLimitStatus rateLimit() {
        return client.rateLimit();
    }

    static HookDelivery parse(JsonNode item, String what) throws GitHubException.InvalidResponse {
        if (!item.isObject()) {
            throw JsonFields.invalid(what, "a delivery is not an object");
        }
        long id = JsonFields.requireLong(item, "id", what);
        String guid = JsonFields.requireText(item, "guid", what);
        Instant at = JsonFields.optionalInstant(item, "delivered_at", what)
                .orElseThrow(() -> JsonFields.invalid(what, "'delivered_at' is missing"));
        JsonNode code = item.get("status_code");
        int statusCode = code != null && code.isIntegralNumber() ? code.intValue() : 0;
        JsonNode redelivery = item.get("redelivery");
        return new HookDelivery(id, guid, at, redelivery != null && redelivery.asBoolean(false),
                JsonFields.optionalText(item, "status", what).orElse(""), statusCode,
                JsonFields.requireText(item, "event", what), JsonFields.optionalText(item, "action", what).orElse(null));
    }
}
