package githubrunner.sim.github;

import static githubrunner.sim.github.GitHubEmulatorIT.jitRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.testing.Await;
import githubrunner.testing.JsonShape;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's answers have the fields and JSON types of GitHub's official samples
 * ({@code tests/fixtures/github-rest}, from github/rest-api-description). Fields GitHub documents but
 * a sample happens not to show are listed as extras, each with its reason.
 */
class GitHubEmulatorFixtureIT {
    private static final String TOKEN = "ghp_fixture_shape_token";
    private static final String AUTH = "Bearer " + TOKEN;
    /** Documented runner field (reference/peers.md §C.2), absent from the samples. */
    private static final Set<String> RUNNER_EXTRAS = Set.of("runners[].runner_group_id");
    /** Documented job fields (reference/peers.md §C.4), absent from the samples. */
    private static final Set<String> JOB_EXTRAS = Set.of("created_at", "run_attempt");
    /** Null until a runner takes the job (reference/peers.md §C.4). */
    private static final Set<String> QUEUED_JOB_NULLS = Set.of("conclusion", "completed_at", "runner_id",
            "runner_name", "runner_group_id", "runner_group_name");

    private final GitHubEmulator emulator;
    private final EmulatorHttp http;

    GitHubEmulatorFixtureIT() throws Exception {
        emulator = GitHubEmulator.builder().start();
        emulator.addToken(TOKEN).addRepository("octo", "repo").addOrganisation("octo-org");
        emulator.addRepository("octo-org", "app").addRunnerGroup("octo-org", "octo-runner-group");
        http = new EmulatorHttp(emulator.url());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void runnerListsMatchTheSamples() throws Exception {
        busyRunnerAndIdleRunner("/repos/octo/repo");
        busyRunnerAndIdleRunner("/orgs/octo-org");

        JsonNode repo = get("/repos/octo/repo/actions/runners");
        assertEquals(2, repo.get("runners").size());
        assertShape("actions-list-self-hosted-runners-for-repo.json", repo, RUNNER_EXTRAS, Set.of());
        assertShape("actions-list-self-hosted-runners-for-org.json", get("/orgs/octo-org/actions/runners"),
                RUNNER_EXTRAS, Set.of());
    }

    @Test
    void aRunnerMatchesTheSample() throws Exception {
        long id = busyRunnerAndIdleRunner("/repos/octo/repo");

        assertShape("actions-get-self-hosted-runner-for-repo.json", get("/repos/octo/repo/actions/runners/" + id),
                Set.of("runner_group_id"), Set.of());
    }

    @Test
    void jitConfigurationMatchesTheSamples() throws Exception {
        JsonNode sampleRequest = JsonShape.fixture("github-rest/actions-generate-runner-jitconfig-for-repo.request.json");
        EmulatorHttp.Response response = http.post("/repos/octo/repo/actions/runners/generate-jitconfig", AUTH,
                sampleRequest);

        assertEquals(201, response.status(), "the sample request is accepted as is");
        assertShape("actions-generate-runner-jitconfig-for-repo.json", response.json(), Set.of(), Set.of());
        assertEquals(List.of("self-hosted", "X64", "macOS", "no-gpu"), emulator.runners().get(0).labels());
        assertEquals("custom", response.json().at("/runner/labels/3/type").asText());
        assertEquals("read-only", response.json().at("/runner/labels/1/type").asText());
    }

    @Test
    void runnerGroupsMatchTheSample() throws Exception {
        assertShape("actions-list-self-hosted-runner-groups-for-org.json", get("/orgs/octo-org/actions/runner-groups"),
                Set.of(), Set.of());
    }

    @Test
    void jobsMatchTheSamplesQueuedRunningAndCompleted() throws Exception {
        JobView queued = emulator.queueJob("octo", "repo", List.of("self-hosted", "foo"), Duration.ofMillis(100), 31);
        String path = "/repos/octo/repo/actions/jobs/" + queued.id();
        assertShape("actions-get-job-for-workflow-run.json", get(path), JOB_EXTRAS, QUEUED_JOB_NULLS);

        JsonNode jit = http.post("/repos/octo/repo/actions/runners/generate-jitconfig", AUTH,
                jitRequest("job-runner", 1, List.of("self-hosted", "foo"))).json();
        emulator.agentStarted(jit.get("encoded_jit_config").asText());
        // A running step has no conclusion or end yet (nullable in GitHub's schema).
        assertShape("actions-get-job-for-workflow-run.json", get(path), JOB_EXTRAS,
                Set.of("conclusion", "completed_at", "steps[].conclusion", "steps[].completed_at"));
        Await.until("completed", () -> emulator.job(queued.id()).orElseThrow().status().equals("completed"));

        JsonNode completed = get(path);
        assertEquals(3, completed.get("steps").size());
        assertShape("actions-get-job-for-workflow-run.json", completed, JOB_EXTRAS, Set.of());
        assertShape("actions-list-jobs-for-workflow-run.json", get("/repos/octo/repo/actions/runs/31/jobs"),
                prefixed("jobs[].", JOB_EXTRAS), Set.of());
    }

    @Test
    void rateLimitMatchesTheSample() throws Exception {
        assertShape("rate-limit-get.json", get("/rate_limit"), Set.of(), Set.of());
    }

    @Test
    void registrationAndRemoveTokensAndDownloadsMatchTheSamples() throws Exception {
        EmulatorHttp.Response registration = http.post("/repos/octo/repo/actions/runners/registration-token", AUTH, "");
        assertEquals(201, registration.status());
        assertShape("actions-create-registration-token-for-repo.json", registration.json(), Set.of(), Set.of());
        assertShape("actions-create-remove-token-for-repo.json",
                http.post("/orgs/octo-org/actions/runners/remove-token", AUTH, "").json(), Set.of(), Set.of());
        assertShape("actions-list-runner-applications-for-repo.json", get("/repos/octo/repo/actions/runners/downloads"),
                Set.of(), Set.of());
    }

    @Test
    void everyAuthenticatedAnswerCarriesItsBudget() throws Exception {
        for (String path : List.of("/repos/octo/repo/actions/runners", "/orgs/octo-org/actions/runner-groups",
                "/rate_limit", "/repos/octo/repo/actions/jobs/12345")) {
            EmulatorHttp.Response response = http.get(path, AUTH);
            for (String header : List.of("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used",
                    "x-ratelimit-reset", "x-ratelimit-resource")) {
                assertNotNull(response.header(header), path + " lacks " + header);
            }
        }
    }

    /** One runner busy with a job, one idle and offline, as in the samples. */
    private long busyRunnerAndIdleRunner(String scope) throws Exception {
        String prefix = scope.startsWith("/orgs") ? "org-" : "repo-";
        JsonNode busy = http.post(scope + "/actions/runners/generate-jitconfig", AUTH,
                jitRequest(prefix + "linux_runner", 1, List.of("self-hosted", "X64", "Linux"))).json();
        http.post(scope + "/actions/runners/generate-jitconfig", AUTH,
                jitRequest(prefix + "mac_runner", 1, List.of("self-hosted", "X64", "macOS", "no-gpu")));
        long id = busy.at("/runner/id").asLong();
        boolean org = scope.startsWith("/orgs");
        emulator.queueJob(org ? "octo-org" : "octo", org ? "app" : "repo", List.of("self-hosted", "linux"),
                Duration.ofHours(1));
        emulator.agentStarted(busy.get("encoded_jit_config").asText());
        Await.until("busy", () -> emulator.runner(id).orElseThrow().busy());
        return id;
    }

    private JsonNode get(String path) throws Exception {
        EmulatorHttp.Response response = http.get(path, AUTH);
        assertEquals(200, response.status(), path);
        return response.json();
    }

    private static void assertShape(String fixture, JsonNode actual, Set<String> extras, Set<String> nullable) {
        List<String> differences = JsonShape.EXACT.extras(extras).nullable(nullable)
                .differences(JsonShape.fixture("github-rest/" + fixture), actual);
        assertTrue(differences.isEmpty(), fixture + ": " + differences);
    }

    private static Set<String> prefixed(String prefix, Set<String> fields) {
        return fields.stream().map(field -> prefix + field).collect(java.util.stream.Collectors.toSet());
    }
}
