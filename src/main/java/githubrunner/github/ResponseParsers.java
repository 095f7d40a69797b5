package githubrunner.github;

import static githubrunner.github.JsonFields.optionalInstant;
import static githubrunner.github.JsonFields.optionalText;
import static githubrunner.github.JsonFields.requireArray;
import static githubrunner.github.JsonFields.requireBoolean;
import static githubrunner.github.JsonFields.requireLong;
import static githubrunner.github.JsonFields.requireObject;
import static githubrunner.github.JsonFields.requireStrings;
import static githubrunner.github.JsonFields.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.common.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GitHub REST objects to the client's records, with every relied-on field checked. */
final class ResponseParsers {
    private ResponseParsers() {}

    /** A runner: {@code id, name, status, busy, labels[{name}]}. */
    static GitHubRunner runner(JsonNode node, String what) throws GitHubException.InvalidResponse {
        if (!node.isObject()) {
            throw JsonFields.invalid(what, "a runner is not an object");
        }
        long id = requireLong(node, "id", what);
        String name = requireText(node, "name", what);
        String status = requireText(node, "status", what);
        boolean busy = requireBoolean(node, "busy", what);
        List<String> labels = new ArrayList<>();
        for (JsonNode label : requireArray(node, "labels", what)) {
            if (!label.isObject()) {
                throw JsonFields.invalid(what, "a runner label is not an object");
            }
            labels.add(requireText(label, "name", what));
        }
        return new GitHubRunner(id, name, status, busy, labels);
    }

    static WorkflowJob job(JsonNode node, String what) throws GitHubException.InvalidResponse {
        if (!node.isObject()) {
            throw JsonFields.invalid(what, "a job is not an object");
        }
        return new WorkflowJob(requireLong(node, "id", what), requireLong(node, "run_id", what),
                requireText(node, "status", what), optionalText(node, "conclusion", what),
                requireStrings(node, "labels", what), optionalText(node, "runner_name", what),
                optionalInstant(node, "created_at", what), optionalInstant(node, "started_at", what),
                optionalInstant(node, "completed_at", what), requireText(node, "url", what));
    }

    /** The JIT answer; the runner must be the one asked for. */
    static JitConfig jitConfig(JsonNode body, String requestedName, String what) throws GitHubException.InvalidResponse {
        GitHubRunner runner = runner(requireObject(body, "runner", what), what);
        if (!runner.name().equals(requestedName)) {
            throw JsonFields.invalid(what, "the registered runner has another name than requested");
        }
        String config = requireText(body, "encoded_jit_config", what);
        if (config.isBlank()) {
            throw JsonFields.invalid(what, "'encoded_jit_config' is empty");
        }
        return new JitConfig(runner.id(), runner.name(), Secret.of(config));
    }

    /** Runner groups page: name to id. */
    static Map<String, Long> runnerGroups(List<JsonNode> groups, String what) throws GitHubException.InvalidResponse {
        Map<String, Long> ids = new HashMap<>();
        for (JsonNode group : groups) {
            if (!group.isObject()) {
                throw JsonFields.invalid(what, "a runner group is not an object");
            }
            ids.put(requireText(group, "name", what), requireLong(group, "id", what));
        }
        return ids;
    }

    /** An installation token answer: {@code token, expires_at}. */
    static InstallationToken installationToken(JsonNode body, String what) throws GitHubException.InvalidResponse {
        String token = requireText(body, "token", what);
        if (token.isBlank()) {
            throw JsonFields.invalid(what, "'token' is empty");
        }
        Optional<Instant> expiresAt = optionalInstant(body, "expires_at", what);
        if (expiresAt.isEmpty()) {
            throw JsonFields.invalid(what, "'expires_at' is missing");
        }
        return new InstallationToken(Secret.of(token), expiresAt.get());
    }

    /** {@code GET /rate_limit}: {@code resources.<name>.{limit, remaining, reset}}. */
    static Map<String, RateLimitStatus.Budget> rateLimits(JsonNode body, String what)
            throws GitHubException.InvalidResponse {
        JsonNode resources = requireObject(body, "resources", what);
        Map<String, RateLimitStatus.Budget> budgets = new HashMap<>();
        var names = resources.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode budget = requireObject(resources, name, what);
            budgets.put(name, new RateLimitStatus.Budget(requireLong(budget, "limit", what),
                    requireLong(budget, "remaining", what), Instant.ofEpochSecond(requireLong(budget, "reset", what)),
                    Optional.empty()));
        }
        return budgets;
    }

    record InstallationToken(Secret token, Instant expiresAt) {}
}
