package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /_emulator/...}: drives the emulator over HTTP, for simulators in another process and for
 * the CLI. Not part of GitHub's API, needs no token, and is not in the request log.
 *
 * <ul>
 *   <li>{@code POST /_emulator/jobs} {@code {owner, repo, labels[], duration_ms, run_id?, name?}}: queue a job</li>
 *   <li>{@code POST /_emulator/agents} {@code {encoded_jit_config}}: a runner process started (202; 404 unknown
 *       config; 409 already used)</li>
 *   <li>{@code GET /_emulator/stats}: job and runner counts, queue times</li>
 *   <li>{@code GET /_emulator/requests}: the request log</li>
 *   <li>{@code POST /_emulator/faults} {@code {method, path, probability?, times?, status?, body?, retry_after?,
 *       delay_ms?, drop?}}; {@code DELETE /_emulator/faults}</li>
 *   <li>{@code POST /_emulator/rate-limits} {@code {resource?, limit, window_seconds}}</li>
 *   <li>{@code POST /_emulator/tokens} {@code {token, access?}}</li>
 *   <li>{@code POST /_emulator/webhooks} {@code {scope, url, secret?, drop_rate?}}: a repository ({@code owner/repo})
 *       or organisation webhook (201 {@code {id}}); {@code GET /_emulator/webhook-deliveries}: the delivery log</li>
 * </ul>
 */
final class ControlApi {
    private final GitHubEmulator emulator;
    private final Views views;

    ControlApi(GitHubEmulator emulator, Views views) {
        this.emulator = emulator;
        this.views = views;
    }

    Reply handle(Http.Incoming request) {
        try {
            String route = request.method() + " " + request.path();
            return switch (route) {
                case "POST /_emulator/jobs" -> queueJob(Json.parseObject(request.body()));
                case "POST /_emulator/agents" -> agentStarted(Json.parseObject(request.body()));
                case "GET /_emulator/stats" -> Reply.json(200, stats());
                case "GET /_emulator/requests" -> Reply.json(200, requests());
                case "POST /_emulator/faults" -> addFault(Json.parseObject(request.body()));
                case "DELETE /_emulator/faults" -> {
                    emulator.clearFaults();
                    yield Reply.noContent();
                }
                case "POST /_emulator/rate-limits" -> rateLimit(Json.parseObject(request.body()));
                case "POST /_emulator/tokens" -> token(Json.parseObject(request.body()));
                case "POST /_emulator/webhooks" -> WebhookControl.add(emulator, Json.parseObject(request.body()));
                case "GET /_emulator/webhook-deliveries" -> Reply.json(200, WebhookControl.log(emulator));
                default -> throw ApiError.notFound();
            };
        } catch (ApiError e) {
            return Reply.error(e);
        } catch (IllegalArgumentException e) {
            return Reply.error(ApiError.unprocessable(e.getMessage()));
        }
    }

    private Reply queueJob(JsonNode body) throws ApiError {
        List<String> labels = new ArrayList<>();
        for (JsonNode label : body.path("labels")) {
            labels.add(label.asText());
        }
        String owner = text(body, "owner");
        String repo = text(body, "repo");
        Duration duration = Duration.ofMillis(body.path("duration_ms").asLong(0));
        Long runId = body.hasNonNull("run_id") ? body.get("run_id").asLong() : null;
        String name = body.path("name").asText("build");
        return Reply.json(201, views.job(emulator.queueJob(owner, repo, name, labels, duration, runId)));
    }

    private Reply agentStarted(JsonNode body) throws ApiError {
        return switch (emulator.startAgent(text(body, "encoded_jit_config"))) {
            case STARTED -> Reply.json(202, JsonNodes.object().put("started", true));
            case UNKNOWN_CONFIG -> throw new ApiError(404, "no runner is registered with this JIT config");
            case ALREADY_STARTED -> throw new ApiError(409, "this JIT config was used already");
        };
    }

    private ObjectNode stats() {
        JobCounts counts = emulator.jobCounts();
        ObjectNode stats = JsonNodes.object();
        ObjectNode jobs = stats.putObject("jobs");
        jobs.put("queued", counts.queued());
        jobs.put("in_progress", counts.inProgress());
        jobs.put("completed", counts.completed());
        ObjectNode queueTime = jobs.putObject("queue_time_ms");
        queueTime.put("count", counts.queueTimes().size());
        counts.medianQueueTime().ifPresent(median -> queueTime.put("median", median.toMillis()));
        counts.maxQueueTime().ifPresent(max -> queueTime.put("max", max.toMillis()));
        List<RunnerView> runners = emulator.runners();
        ObjectNode runnerCounts = stats.putObject("runners");
        runnerCounts.put("registered", runners.size());
        runnerCounts.put("online", runners.stream().filter(r -> r.status().equals("online")).count());
        runnerCounts.put("busy", runners.stream().filter(RunnerView::busy).count());
        stats.put("requests", emulator.requests().size());
        return stats;
    }

    private ArrayNode requests() {
        ArrayNode list = JsonNodes.array();
        for (LoggedRequest entry : emulator.requests()) {
            ObjectNode item = list.addObject();
            item.put("at", entry.at().toString());
            item.put("method", entry.method());
            item.put("path", entry.path());
            item.put("query", entry.query());
            item.put("status", entry.status());
            item.put("caller", entry.caller());
        }
        return list;
    }

    private Reply addFault(JsonNode body) throws ApiError {
        String method = body.path("method").asText("*");
        String path = text(body, "path");
        FaultRule rule;
        if (body.path("drop").asBoolean(false)) {
            rule = FaultRule.drop(method, path);
        } else if (body.has("delay_ms")) {
            rule = FaultRule.delay(method, path, Duration.ofMillis(body.get("delay_ms").asLong()));
        } else if (body.has("retry_after")) {
            rule = FaultRule.secondaryLimit(method, path, body.path("status").asInt(403), body.get("retry_after").asLong());
        } else if (body.has("body")) {
            rule = FaultRule.respond(method, path, body.path("status").asInt(200), body.get("body").asText());
        } else {
            rule = FaultRule.status(method, path, body.path("status").asInt(500));
        }
        rule = rule.withProbability(body.path("probability").asDouble(1)).times(body.path("times").asInt(-1));
        emulator.addFault(rule);
        return Reply.json(201, JsonNodes.object().put("added", true));
    }

    private Reply rateLimit(JsonNode body) throws ApiError {
        emulator.rateLimit(body.path("resource").asText(RateLimits.CORE), body.path("limit").asLong(-1),
                Duration.ofSeconds(body.path("window_seconds").asLong(3600)));
        return Reply.noContent();
    }

    private Reply token(JsonNode body) throws ApiError {
        emulator.addToken(text(body, "token"), Access.valueOf(body.path("access").asText("ADMIN")));
        return Reply.noContent();
    }

    private static String text(JsonNode body, String field) throws ApiError {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiError.unprocessable("'" + field + "' is required");
        }
        return value.asText();
    }
}
