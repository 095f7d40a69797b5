package githubrunner.sim.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's JSON, field for field as GitHub's REST samples ({@code tests/fixtures/github-rest}).
 * Where GitHub documents more fields than a sample shows, they are noted.
 */
final class Views {
    static final String RUNNER_VERSION = "2.329.0";
    /** Labels GitHub itself gives a runner (OS, architecture), typed read-only. */
    private static final Set<String> READ_ONLY_LABELS = Set.of("self-hosted", "linux", "x64", "arm64", "arm", "x86",
            "windows", "macos");

    private final String baseUrl;
    private final Map<String, Long> labelIds = new ConcurrentHashMap<>();
    private final AtomicLong nextLabelId = new AtomicLong(1);

    Views(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** List/get runner; {@code runner_group_id} is documented, not in the sample. */
    ObjectNode runner(RunnerView runner) {
        ObjectNode node = runnerCore(runner);
        node.put("ephemeral", true);
        node.put("version", RUNNER_VERSION);
        node.put("runner_group_id", runner.groupId());
        return node;
    }

    /** The runner inside a JIT answer: exactly the sample's fields. */
    ObjectNode jitRunner(RunnerView runner) {
        return runnerCore(runner);
    }

    private ObjectNode runnerCore(RunnerView runner) {
        ObjectNode node = JsonNodes.object();
        node.put("id", runner.id());
        node.put("name", runner.name());
        node.put("os", runner.os());
        node.put("status", runner.status());
        node.put("busy", runner.busy());
        ArrayNode labels = node.putArray("labels");
        for (String label : runner.labels()) {
            ObjectNode item = labels.addObject();
            String key = label.toLowerCase(Locale.ROOT);
            item.put("id", labelIds.computeIfAbsent(key, k -> nextLabelId.getAndIncrement()));
            item.put("name", label);
            item.put("type", READ_ONLY_LABELS.contains(key) ? "read-only" : "custom");
        }
        return node;
    }

    /** A workflow job; {@code created_at} and {@code run_attempt} are documented, not in the sample. */
    ObjectNode job(JobView job) {
        String repoUrl = baseUrl + "/repos/" + job.owner() + "/" + job.repo();
        ObjectNode node = JsonNodes.object();
        node.put("id", job.id());
        node.put("run_id", job.runId());
        node.put("run_url", repoUrl + "/actions/runs/" + job.runId());
        node.put("run_attempt", 1);
        node.put("node_id", Base64.getEncoder().encodeToString(("Job" + job.id()).getBytes(StandardCharsets.UTF_8)));
        node.put("head_sha", job.headSha());
        node.put("url", repoUrl + "/actions/jobs/" + job.id());
        node.put("html_url", baseUrl + "/" + job.owner() + "/" + job.repo() + "/actions/runs/" + job.runId()
                + "/job/" + job.id());
        node.put("status", job.status());
        node.put("conclusion", job.conclusion());
        node.put("created_at", Json.time(job.createdAt()));
        // GitHub's schema has started_at always set: the creation time until a runner starts the job.
        node.put("started_at", Json.time(job.startedAt() == null ? job.createdAt() : job.startedAt()));
        node.put("completed_at", Json.time(job.completedAt()));
        node.put("name", job.name());
        node.set("steps", steps(job));
        node.put("check_run_url", repoUrl + "/check-runs/" + job.id());
        ArrayNode labels = node.putArray("labels");
        job.labels().forEach(labels::add);
        node.put("runner_id", job.runnerId());
        node.put("runner_name", job.runnerName());
        node.put("runner_group_id", job.runnerGroupId());
        node.put("runner_group_name", job.runnerGroupName());
        node.put("workflow_name", "CI");
        node.put("head_branch", "main");
        return node;
    }

    private static ArrayNode steps(JobView job) {
        ArrayNode steps = JsonNodes.array();
        if (job.startedAt() == null) {
            return steps;
        }
        boolean done = job.completedAt() != null;
        step(steps, 1, "Set up job", "completed", "success", job.startedAt(), job.startedAt());
        step(steps, 2, "Run workload", done ? "completed" : "in_progress", done ? "success" : null, job.startedAt(),
                job.completedAt());
        if (done) {
            step(steps, 3, "Complete job", "completed", "success", job.completedAt(), job.completedAt());
        }
        return steps;
    }

    private static void step(ArrayNode steps, int number, String name, String status, String conclusion, Instant start,
                             Instant end) {
        ObjectNode step = steps.addObject();
        step.put("name", name);
        step.put("status", status);
        step.put("conclusion", conclusion);
        step.put("number", number);
        step.put("started_at", Json.time(start));
        step.put("completed_at", Json.time(end));
    }

    ObjectNode runnerGroup(String org, EmulatorState.Group group) {
        ObjectNode node = JsonNodes.object();
        node.put("id", group.id());
        node.put("name", group.name());
        node.put("visibility", "all");
        node.put("default", group.isDefault());
        node.put("runners_url", baseUrl + "/orgs/" + org + "/actions/runner_groups/" + group.id() + "/runners");
        node.put("inherited", false);
        node.put("allows_public_repositories", true);
        node.put("restricted_to_workflows", false);
        node.putArray("selected_workflows");
        node.put("workflow_restrictions_read_only", false);
        return node;
    }

    ObjectNode token(String token, Instant expiresAt) {
        ObjectNode node = JsonNodes.object();
        node.put("token", token);
        node.put("expires_at", Json.time(expiresAt));
        return node;
    }

    /** {@code GET /rate_limit}: the sample's resources; core and runner registration are live. */
    ObjectNode rateLimit(RateLimits.Usage core, RateLimits.Usage registration) {
        ObjectNode node = JsonNodes.object();
        ObjectNode resources = node.putObject("resources");
        resources.set("core", budget(core.limit(), core.used(), core.reset()));
        long hour = core.reset().getEpochSecond();
        resources.set("search", budget(30, 0, Instant.ofEpochSecond(hour)));
        resources.set("graphql", budget(5000, 0, Instant.ofEpochSecond(hour)));
        resources.set("integration_manifest", budget(5000, 0, Instant.ofEpochSecond(hour)));
        resources.set("source_import", budget(100, 0, Instant.ofEpochSecond(hour)));
        resources.set("actions_runner_registration", budget(registration.limit(), registration.used(),
                registration.reset()));
        resources.set("scim", budget(15000, 0, Instant.ofEpochSecond(hour)));
        resources.set("dependency_snapshots", budget(100, 0, Instant.ofEpochSecond(hour)));
        resources.set("code_search", budget(10, 0, Instant.ofEpochSecond(hour)));
        resources.set("code_scanning_autofix", budget(10, 0, Instant.ofEpochSecond(hour)));
        node.set("rate", budget(core.limit(), core.used(), core.reset()));
        return node;
    }

    private static ObjectNode budget(long limit, long used, Instant reset) {
        ObjectNode node = JsonNodes.object();
        node.put("limit", limit);
        node.put("used", used);
        node.put("remaining", Math.max(0, limit - used));
        node.put("reset", reset.getEpochSecond());
        return node;
    }

    ObjectNode user() {
        ObjectNode node = JsonNodes.object();
        node.put("login", "emulated-user");
        node.put("id", 1);
        node.put("node_id", "U_emulated");
        node.put("type", "User");
        node.put("site_admin", false);
        node.put("url", baseUrl + "/users/emulated-user");
        node.put("html_url", baseUrl + "/emulated-user");
        return node;
    }

    ObjectNode repository(SimScope repo, long id) {
        ObjectNode node = JsonNodes.object();
        node.put("id", id);
        node.put("node_id", "R_" + id);
        node.put("name", repo.repo());
        node.put("full_name", repo.owner() + "/" + repo.repo());
        node.put("private", false);
        ObjectNode owner = node.putObject("owner");
        owner.put("login", repo.owner());
        owner.put("id", id);
        owner.put("type", "User");
        node.put("html_url", baseUrl + "/" + repo.owner() + "/" + repo.repo());
        node.put("url", baseUrl + "/repos/" + repo.owner() + "/" + repo.repo());
        return node;
    }

    ObjectNode organisation(SimScope org, long id) {
        ObjectNode node = JsonNodes.object();
        node.put("login", org.org());
        node.put("id", id);
        node.put("node_id", "O_" + id);
        node.put("url", baseUrl + "/orgs/" + org.org());
        node.put("type", "Organization");
        return node;
    }

    /** {@code GET .../actions/runners/downloads}: the sample's shape. */
    ArrayNode downloads() {
        ArrayNode list = JsonNodes.array();
        for (String[] platform : List.of(new String[] {"linux", "x64"}, new String[] {"linux", "arm64"})) {
            String file = "actions-runner-" + platform[0] + "-" + platform[1] + "-" + RUNNER_VERSION + ".tar.gz";
            ObjectNode item = list.addObject();
            item.put("os", platform[0]);
            item.put("architecture", platform[1]);
            item.put("download_url", "https://github.com/actions/runner/releases/download/v" + RUNNER_VERSION + "/" + file);
            item.put("filename", file);
        }
        return list;
    }
}
