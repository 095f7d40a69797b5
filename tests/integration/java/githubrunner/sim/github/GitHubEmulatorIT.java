package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.testing.Await;
import githubrunner.testing.MutableClock;
import githubrunner.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's own behaviour, over plain HTTP: what GitHub does that the charm depends on. */
class GitHubEmulatorIT {
    private static final String TOKEN = "ghp_emulator_it_token";
    private static final String AUTH = "Bearer " + TOKEN;
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";
    private static final String JIT = RUNNERS + "/generate-jitconfig";
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final GitHubEmulator emulator;
    private final EmulatorHttp http;

    GitHubEmulatorIT() throws Exception {
        emulator = GitHubEmulator.builder().clock(clock).seed(7).start();
        emulator.addToken(TOKEN).addRepository("octo", "repo").addOrganisation("octo-org");
        http = new EmulatorHttp(emulator.url());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertTrue(emulator.url().startsWith("http://127.0.0.1:"));
        assertTrue(emulator.port() > 0);
    }

    @Test
    void refusesMissingAndWrongTokens() throws Exception {
        EmulatorHttp.Response missing = http.get(RUNNERS, null);
        assertEquals(401, missing.status());
        assertEquals("Bad credentials", missing.json().get("message").asText());
        assertEquals(401, http.get(RUNNERS, "Bearer nope").status());
        assertEquals(200, http.get(RUNNERS, "token " + TOKEN).status(), "both schemes GitHub accepts");
        assertEquals(404, http.get("/repos/octo/missing/actions/runners", AUTH).status());
        assertEquals(404, http.get("/no/such/endpoint", AUTH).status());
    }

    @Test
    void spendsAndRefillsThePrimaryBudget() throws Exception {
        emulator.rateLimit("core", 2, Duration.ofSeconds(60));
        EmulatorHttp.Response first = http.get(RUNNERS, AUTH);
        assertEquals("2", first.header("x-ratelimit-limit"));
        assertEquals("1", first.header("x-ratelimit-remaining"));
        assertEquals("1", first.header("x-ratelimit-used"));
        assertEquals("core", first.header("x-ratelimit-resource"));
        assertEquals(String.valueOf(START.getEpochSecond() + 60), first.header("x-ratelimit-reset"));
        assertEquals("0", http.get(RUNNERS, AUTH).header("x-ratelimit-remaining"));

        EmulatorHttp.Response refused = http.get(RUNNERS, AUTH);
        assertEquals(403, refused.status());
        assertEquals("0", refused.header("x-ratelimit-remaining"));
        assertTrue(refused.json().get("message").asText().startsWith("API rate limit exceeded"));
        JsonNode budgets = http.get("/rate_limit", AUTH).json();
        assertEquals(0, budgets.at("/resources/core/remaining").asInt(), "GET /rate_limit is free");
        assertEquals(2, budgets.at("/rate/used").asInt());

        clock.advance(Duration.ofSeconds(60));
        EmulatorHttp.Response refilled = http.get(RUNNERS, AUTH);
        assertEquals(200, refilled.status());
        assertEquals("1", refilled.header("x-ratelimit-remaining"));
        assertEquals(String.valueOf(START.getEpochSecond() + 120), refilled.header("x-ratelimit-reset"));
    }

    @Test
    void budgetsArePerTokenAndJitHasItsOwn() throws Exception {
        emulator.rateLimit("core", 1, Duration.ofHours(1)).addToken("ghp_second");
        assertEquals(200, http.get(RUNNERS, AUTH).status());
        assertEquals(403, http.get(RUNNERS, AUTH).status());
        assertEquals(200, http.get(RUNNERS, "Bearer ghp_second").status());

        EmulatorHttp.Response jit = http.post(JIT, AUTH, jitRequest("r-1", 1, List.of("x64")));
        assertEquals(201, jit.status(), "JIT spends the runner-registration budget");
        assertEquals("actions_runner_registration", jit.header("x-ratelimit-resource"));
    }

    @Test
    void issuesInstallationTokensForValidAppJwtsOnly() throws Exception {
        KeyPair keys = TestKeys.rsa();
        emulator.registerApp(11, "Iv1.app11", keys.getPublic()).addInstallation(5, 11)
                .installationTokenLifetime(Duration.ofMinutes(10));
        long now = START.getEpochSecond();
        String exchange = "/app/installations/5/access_tokens";

        EmulatorHttp.Response issued = http.post(exchange, "Bearer " + jwt(keys.getPrivate(), "\"Iv1.app11\"", now - 60, now + 540), "{}");
        assertEquals(201, issued.status());
        String token = issued.json().get("token").asText();
        assertTrue(token.startsWith("ghs_"));
        assertEquals(START.plus(Duration.ofMinutes(10)), Instant.parse(issued.json().get("expires_at").asText()));
        assertEquals(200, http.get(RUNNERS, "Bearer " + token).status());
        assertEquals(201, http.post(exchange, "Bearer " + jwt(keys.getPrivate(), "11", now, now + 600), "{}").status(),
                "numeric app id as issuer");

        clock.advance(Duration.ofMinutes(10));
        assertEquals(401, http.get(RUNNERS, "Bearer " + token).status(), "expired");

        long later = clock.instant().getEpochSecond();
        assertEquals(401, http.post(exchange, "Bearer " + jwt(TestKeys.rsa().getPrivate(), "11", later, later + 60), "{}")
                .status(), "signed by another key");
        assertEquals(401, http.post(exchange, "Bearer " + jwt(keys.getPrivate(), "11", later - 700, later - 100), "{}")
                .status(), "expired JWT");
        assertEquals(401, http.post(exchange, "Bearer " + jwt(keys.getPrivate(), "11", later, later + 1200), "{}")
                .status(), "lives over 10 minutes");
        assertEquals(401, http.post(exchange, "Bearer " + jwt(keys.getPrivate(), "99", later, later + 60), "{}")
                .status(), "unknown app");
        assertEquals(401, http.post(exchange, "Bearer not.a.jwt", "{}").status());
        assertEquals(404, http.post("/app/installations/6/access_tokens",
                "Bearer " + jwt(keys.getPrivate(), "11", later, later + 60), "{}").status());
    }

    @Test
    void validatesJitRequestsLikeGitHub() throws Exception {
        assertEquals(422, http.post(JIT, AUTH, Map.of("name", "r", "labels", List.of("x64"))).status());
        assertEquals(422, http.post(JIT, AUTH, jitRequest("r", 1, List.of())).status());
        assertEquals(422, http.post(JIT, AUTH, Map.of("runner_group_id", 1, "labels", List.of("x64"))).status());
        assertEquals(400, http.post(JIT, AUTH, "{not json").status());
        assertEquals(404, http.post(JIT, AUTH, jitRequest("r", 2, List.of("x64"))).status(), "repository: group 1 only");
        assertEquals(404, http.post("/orgs/octo-org/actions/runners/generate-jitconfig", AUTH,
                jitRequest("r", 9, List.of("x64"))).status(), "unknown organisation group");

        assertEquals(201, http.post(JIT, AUTH, jitRequest("r", 1, List.of("x64"))).status());
        EmulatorHttp.Response taken = http.post(JIT, AUTH, jitRequest("R", 1, List.of("x64")));
        assertEquals(409, taken.status());
        assertTrue(taken.json().get("message").asText().startsWith("Already exists"));
    }

    @Test
    void refusesToDeleteBusyRunnersAndUnknownOnes() throws Exception {
        JsonNode jit = http.post(JIT, AUTH, jitRequest("busy-one", 1, List.of("self-hosted", "linux"))).json();
        long id = jit.at("/runner/id").asLong();
        emulator.queueJob("octo", "repo", List.of("self-hosted"), Duration.ofHours(1));
        assertTrue(emulator.agentStarted(jit.get("encoded_jit_config").asText()));
        Await.until("busy", () -> emulator.runner(id).orElseThrow().busy());

        EmulatorHttp.Response busy = http.delete(RUNNERS + "/" + id, AUTH);
        assertEquals(422, busy.status());
        assertEquals("Bad request - Runner \"busy-one\" is still running a job\"", busy.json().get("message").asText());
        assertEquals(404, http.delete(RUNNERS + "/" + (id + 100), AUTH).status());
        assertEquals(404, http.delete("/orgs/octo-org/actions/runners/" + id, AUTH).status(), "not in that scope");
    }

    @Test
    void runnerAgentsGoOnlineTakeAJobAndDeregisterDrivenOverHttp() throws Exception {
        emulator.agentOnlineDelay(Duration.ofMillis(200));
        JsonNode jit = http.post(JIT, AUTH, jitRequest("agent-1", 1, List.of("self-hosted", "linux", "Large"))).json();
        long id = jit.at("/runner/id").asLong();
        assertEquals("offline", jit.at("/runner/status").asText());

        EmulatorHttp.Response queued = http.post("/_emulator/jobs", null,
                Map.of("owner", "octo", "repo", "repo", "labels", List.of("self-hosted", "large", "X64"), "duration_ms", 300));
        assertEquals(201, queued.status());
        long jobId = queued.json().get("id").asLong();
        assertEquals("queued", queued.json().get("status").asText());
        assertEquals(202, http.post("/_emulator/agents", null, Map.of("encoded_jit_config",
                jit.get("encoded_jit_config").asText())).status());
        assertEquals(409, http.post("/_emulator/agents", null, Map.of("encoded_jit_config",
                jit.get("encoded_jit_config").asText())).status(), "a JIT config is single use");
        assertEquals(404, http.post("/_emulator/agents", null, Map.of("encoded_jit_config", "bm9uZQ==")).status());

        Await.until("online and busy", () -> emulator.runner(id).map(RunnerView::busy).orElse(false));
        JsonNode running = http.get("/repos/octo/repo/actions/jobs/" + jobId, AUTH).json();
        assertEquals("in_progress", running.get("status").asText());
        assertEquals("agent-1", running.get("runner_name").asText());
        assertEquals(1, running.get("runner_group_id").asLong());
        assertEquals("online", http.get(RUNNERS + "/" + id, AUTH).json().get("status").asText());

        Await.until("completed", () -> emulator.job(jobId).orElseThrow().status().equals("completed"));
        assertEquals(404, http.get(RUNNERS + "/" + id, AUTH).status(), "ephemeral: gone after its job");
        JsonNode done = http.get("/repos/octo/repo/actions/jobs/" + jobId, AUTH).json();
        assertEquals("success", done.get("conclusion").asText());
        assertEquals(3, done.get("steps").size());
        JsonNode stats = http.get("/_emulator/stats", null).json();
        assertEquals(1, stats.at("/jobs/completed").asInt());
        assertEquals(0, stats.at("/jobs/queued").asInt());
        assertEquals(1, stats.at("/jobs/queue_time_ms/count").asInt());
        assertEquals(0, stats.at("/runners/registered").asInt());
        assertEquals(new JobCounts(0, 0, 1, List.of(Duration.ZERO)), emulator.jobCounts(), "emulator clock stood still");
    }

    @Test
    void jobsWaitForAMatchingRunnerOfTheirRepositoryOrOrganisation() throws Exception {
        emulator.addRepository("octo-org", "app");
        JsonNode orgJit = http.post("/orgs/octo-org/actions/runners/generate-jitconfig", AUTH,
                jitRequest("org-runner", 1, List.of("gpu"))).json();
        emulator.agentStarted(orgJit.get("encoded_jit_config").asText());

        JobView elsewhere = emulator.queueJob("octo", "repo", List.of("gpu"), Duration.ZERO);
        JobView unmatched = emulator.queueJob("octo-org", "app", List.of("gpu", "arm64"), Duration.ZERO);
        JobView taken = emulator.queueJob("octo-org", "app", List.of("GPU", "linux"), Duration.ZERO);

        Await.until("the matching job completes", () -> emulator.job(taken.id()).orElseThrow().status().equals("completed"));
        assertEquals("queued", emulator.job(elsewhere.id()).orElseThrow().status(), "another owner's repository");
        assertEquals("queued", emulator.job(unmatched.id()).orElseThrow().status(), "arm64 not offered");
        assertEquals("org-runner", emulator.job(taken.id()).orElseThrow().runnerName());
    }

    @Test
    void faultsFollowTheirRulesAndTheSeed() throws Exception {
        emulator.addFault(FaultRule.status("GET", RUNNERS, 503).times(2));
        assertEquals(503, http.get(RUNNERS, AUTH).status());
        assertEquals(503, http.get(RUNNERS, AUTH).status());
        assertEquals(200, http.get(RUNNERS, AUTH).status());

        emulator.addFault(FaultRule.status("GET", RUNNERS, 500).withProbability(0.3));
        List<Integer> first = statuses(40);
        List<Integer> second;
        try (GitHubEmulator twin = GitHubEmulator.builder().clock(clock).seed(7).start()) {
            twin.addToken(TOKEN).addRepository("octo", "repo");
            twin.addFault(FaultRule.status("GET", RUNNERS, 503).times(2));
            EmulatorHttp twinHttp = new EmulatorHttp(twin.url());
            for (int i = 0; i < 3; i++) {
                twinHttp.get(RUNNERS, AUTH);
            }
            twin.addFault(FaultRule.status("GET", RUNNERS, 500).withProbability(0.3));
            second = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                second.add(twinHttp.get(RUNNERS, AUTH).status());
            }
        }
        assertEquals(first, second, "same seed, same faults");
        assertTrue(first.contains(500) && first.contains(200));

        emulator.clearFaults();
        assertEquals(List.of(200, 200, 200), statuses(3));
        assertEquals(201, http.post("/_emulator/faults", null, Map.of("method", "GET", "path", RUNNERS, "status", 418,
                "times", 1)).status());
        assertEquals(418, http.get(RUNNERS, AUTH).status());
        assertEquals(200, http.get(RUNNERS, AUTH).status());
        http.post("/_emulator/faults", null, Map.of("path", "/repos/.*", "retry_after", 17, "status", 429));
        EmulatorHttp.Response secondary = http.get(RUNNERS, AUTH);
        assertEquals(429, secondary.status());
        assertEquals("17", secondary.header("retry-after"));
        assertTrue(secondary.json().get("message").asText().contains("secondary rate limit"));
        assertEquals(204, http.send("DELETE", "/_emulator/faults", null, null).status());
        assertEquals(200, http.get(RUNNERS, AUTH).status());
    }

    @Test
    void dropsAndDelaysConnections() throws Exception {
        // No limit on the drop: the JDK client quietly resends an idempotent request once.
        emulator.addFault(FaultRule.drop("GET", "/user"));
        Exception dropped = null;
        try {
            http.get("/user", AUTH);
        } catch (java.io.IOException e) {
            dropped = e;
        }
        assertNotNull(dropped, "the connection closed without an answer");
        emulator.clearFaults();
        emulator.addFault(FaultRule.delay("GET", "/user", Duration.ofMillis(50)).times(1));
        assertEquals(200, http.get("/user", AUTH).status(), "a delay still answers");
        assertEquals(0, emulator.requests().get(0).status(), "a drop is logged with status 0");
    }

    @Test
    void registersConcurrentlyWithoutLosingOrDuplicatingRunners() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "runner-" + i;
                ids.add(pool.submit(() -> http.post(JIT, AUTH, jitRequest(name, 1, List.of("x64"))).json()
                        .at("/runner/id").asLong()));
            }
            Set<Long> unique = new HashSet<>();
            for (Future<Long> id : ids) {
                unique.add(id.get());
            }
            assertEquals(200, unique.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, emulator.runners().size());
        assertEquals(200, http.get(RUNNERS + "?per_page=100&page=2", AUTH).json().get("total_count").asInt());
        assertEquals(200, emulator.requestCount("POST", JIT));
    }

    @Test
    void paginatesWithLinkHeadersAndFiltersByName() throws Exception {
        for (int i = 0; i < 5; i++) {
            emulator.registerRunner("octo/repo", "r-" + i, List.of("x64"));
        }
        EmulatorHttp.Response page = http.get(RUNNERS + "?per_page=2&page=2", AUTH);
        assertEquals(List.of("r-2", "r-3"), names(page.json()));
        String base = emulator.url() + RUNNERS;
        assertEquals("<" + base + "?per_page=2&page=3>; rel=\"next\", <" + base + "?per_page=2&page=3>; rel=\"last\", <"
                + base + "?per_page=2&page=1>; rel=\"first\", <" + base + "?per_page=2&page=1>; rel=\"prev\"",
                page.header("link"));
        assertEquals(List.of("r-3"), names(http.get(RUNNERS + "?name=r-3", AUTH).json()));
        assertEquals(null, http.get(RUNNERS, AUTH).header("link"));
    }

    @Test
    void logsRequestsWithoutCredentials() throws Exception {
        http.get(RUNNERS + "?per_page=100", AUTH);
        http.get("/user", "Bearer wrong");

        List<LoggedRequest> log = emulator.requests();
        assertEquals(2, log.size());
        assertEquals(new LoggedRequest(START, "GET", RUNNERS, "per_page=100", 200, "pat"), log.get(0));
        assertEquals(new LoggedRequest(START, "GET", "/user", "", 401, ""), log.get(1));
        assertFalse(log.toString().contains(TOKEN));
        assertEquals(1, emulator.requestCount("GET", "/repos/.*"));
        assertEquals(2, http.get("/_emulator/requests", null).json().size(), "control calls are not logged");
    }

    @Test
    void answersTheObjectsGithubApiAsksFor() throws Exception {
        assertEquals("emulated-user", http.get("/user", AUTH).json().get("login").asText());
        assertEquals("octo/repo", http.get("/repos/octo/repo", AUTH).json().get("full_name").asText());
        assertEquals("octo-org", http.get("/orgs/octo-org", AUTH).json().get("login").asText());
        assertEquals(404, http.get("/orgs/nope", AUTH).status());
    }

    private List<Integer> statuses(int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(http.get(RUNNERS, AUTH).status());
        }
        return statuses;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.get("runners").forEach(runner -> names.add(runner.get("name").asText()));
        return names;
    }

    static Map<String, Object> jitRequest(String name, long group, List<String> labels) {
        return Map.of("name", name, "runner_group_id", group, "labels", labels);
    }

    /** A JWT made by hand here, so the emulator's check is not tested against the client's signer alone. */
    private static String jwt(PrivateKey key, String issuerJson, long iat, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":" + issuerJson + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signature.sign());
    }
}
