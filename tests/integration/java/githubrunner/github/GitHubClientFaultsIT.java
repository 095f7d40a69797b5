package githubrunner.github;

import static githubrunner.github.EmulatedGitHub.OWNER;
import static githubrunner.github.EmulatedGitHub.REPO;
import static githubrunner.github.EmulatedGitHub.TOKEN;
import static githubrunner.github.EmulatedGitHub.newName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.RetryBudget;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.sim.github.RunnerView;
import githubrunner.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client under 30 % injected faults (5xx, dropped connections, lost answers): idempotent calls
 * succeed within their retry budget or fail typed, attempts are bounded, the budget the client
 * tracks is the one GitHub counts, and JIT registrations are never duplicated or left behind.
 */
class GitHubClientFaultsIT {
    private static final String ANY_REPO_PATH = "/repos/.*";
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";
    private static final String JIT = ".*/generate-jitconfig";
    private static final int ATTEMPTS = EmulatedGitHub.TEST_RETRY.maxAttempts();
    /** The JDK client resends a GET once when a connection closes before any answer: a drop can cost two requests. */
    private static final int REQUESTS_PER_ATTEMPT = 2;

    private final EmulatedGitHub github;

    GitHubClientFaultsIT() throws Exception {
        github = new EmulatedGitHub();
        github.emulator.rateLimit("core", 100_000, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    /** 30 % of matching requests fail: a third each 503, dropped before handling, or handled with the answer lost. */
    private void faults(String method, String path) {
        github.emulator.addFault(FaultRule.status(method, path, 503).withProbability(0.1))
                .addFault(FaultRule.drop(method, path).withProbability(0.1 / 0.9))
                .addFault(FaultRule.loseAnswer(method, path).withProbability(0.1 / 0.8));
    }

    @Test
    void readsAt30PercentFaultsSucceedWithinTheirBudgetOrFailTyped() throws Exception {
        Set<Long> ours = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            ours.add(github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64")).id());
        }
        List<Long> ids = List.copyOf(ours);
        GitHubClient client = github.repoClient();
        faults("GET", ANY_REPO_PATH);

        int calls = 0;
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            github.emulator.clearRequests();
            calls++;
            try {
                List<GitHubRunner> runners = client.listRunners();
                assertEquals(ours, runners.stream().map(GitHubRunner::id).collect(Collectors.toSet()));
            } catch (GitHubException e) {
                assertTrue(GitHubClient.isTransient(e), "typed as transient: " + e);
                failed++;
            }
            assertTrue(github.emulator.requests().size() <= 3L * ATTEMPTS * REQUESTS_PER_ATTEMPT,
                    "three pages, each within its budget: " + github.emulator.requests().size());

            github.emulator.clearRequests();
            calls++;
            long id = ids.get(i);
            try {
                assertEquals(id, client.getRunner(id).orElseThrow().id());
            } catch (GitHubException e) {
                assertTrue(GitHubClient.isTransient(e), "typed as transient: " + e);
                failed++;
            }
            assertTrue(github.emulator.requests().size() <= (long) ATTEMPTS * REQUESTS_PER_ATTEMPT);
        }

        // Without retries about two listings in three would fail; with four attempts a call fails
        // about once in a hundred (three pages: three in a hundred).
        assertTrue(failed <= calls / 10, failed + " of " + calls + " calls failed");
        GitHubStats stats = client.stats();
        assertTrue(stats.of(CallKind.LIST_RUNNERS).retries() > 0);
        assertTrue(stats.of(CallKind.LIST_RUNNERS).notModified() > 0, "conditional listing goes on under faults");
    }

    @Test
    void theBudgetTheClientTracksIsTheOneGitHubCharges() throws Exception {
        for (int i = 0; i < 150; i++) {
            github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64"));
        }
        GitHubClient client = github.repoClient();
        faults("GET", ANY_REPO_PATH);
        for (int i = 0; i < 30; i++) {
            try {
                client.listRunners();
                client.getRunner(1);
            } catch (GitHubException e) {
                assertTrue(GitHubClient.isTransient(e), e.toString());
            }
        }
        github.emulator.clearFaults();

        // GitHub charges what it handled: not the injected 503s or drops, not the 304s; a lost answer was handled.
        long charged = github.emulator.requests().stream()
                .filter(request -> request.path().startsWith("/repos/"))
                .filter(request -> request.status() != 0 && request.status() != 503 && request.status() != 304)
                .count();
        long remaining = client.fetchRateLimit().core().orElseThrow().remaining();
        assertEquals(100_000 - charged, remaining);
        client.getRunner(1); // one more answer, to read GitHub's count from its headers
        assertEquals(100_000 - charged - 1, client.rateLimit().core().orElseThrow().remaining());
    }

    @Test
    void deletesAt30PercentFaultsEndWithEveryRunnerGone() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64")).id());
        }
        GitHubClient client = github.repoClient();
        faults("DELETE", ANY_REPO_PATH);

        List<Long> left = new ArrayList<>();
        Map<DeleteResult, Integer> results = new HashMap<>();
        for (long id : ids) {
            github.emulator.clearRequests();
            try {
                // A lost answer makes the retry find 404: gone all the same.
                DeleteResult result = client.deleteRunner(id);
                assertTrue(result == DeleteResult.DELETED || result == DeleteResult.ALREADY_GONE, result.toString());
                results.merge(result, 1, Integer::sum);
            } catch (GitHubException e) {
                assertTrue(GitHubClient.isTransient(e), e.toString());
                left.add(id);
            }
            assertTrue(github.emulator.requests().size() <= (long) ATTEMPTS * REQUESTS_PER_ATTEMPT);
        }
        github.emulator.clearFaults();
        for (long id : left) {
            client.deleteRunner(id);
        }

        assertEquals(List.of(), github.emulator.runners());
        assertTrue(left.size() <= 4, left.size() + " of 40 deletions failed");
        assertTrue(results.getOrDefault(DeleteResult.ALREADY_GONE, 0) > 0, "some answers were lost: " + results);
    }

    @Test
    void jitRegistrationsAt30PercentFaultsAreNeverDuplicatedOrLeftBehind() throws Exception {
        GitHubClient client = github.repoClient();
        faults("POST", JIT);
        faults("*", RUNNERS + "(/[0-9]+)?"); // the lookups and deletions of the recovery fail as often

        Map<String, JitConfig> registered = new HashMap<>();
        Map<String, GitHubException> failed = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String name = newName();
            github.emulator.clearRequests();
            try {
                JitConfig config = client.generateJitConfig(name, List.of("x64"));
                assertEquals(name, config.runnerName());
                registered.put(name, config);
            } catch (GitHubException e) {
                failed.put(name, e);
                assertTrue(GitHubClient.isTransient(e) || e instanceof GitHubException.Rejected, e.toString());
            }
            long posts = github.emulator.requestCount("POST", JIT);
            assertTrue(posts >= 1 && posts <= GitHubClient.MAX_JIT_SENDS, "POSTs for one registration: " + posts);
            assertTrue(github.emulator.requestCount("GET", RUNNERS) <= 2L * ATTEMPTS * REQUESTS_PER_ATTEMPT,
                    "lookups within their budget");
        }
        github.emulator.clearFaults();

        Map<String, List<RunnerView>> byName = github.emulator.runners().stream()
                .collect(Collectors.groupingBy(RunnerView::name));
        byName.forEach((name, runners) -> assertEquals(1, runners.size(), "one registration per name: " + name));
        registered.forEach((name, config) -> assertEquals(config.runnerId(), byName.get(name).get(0).id(),
                "the registration we hold the config of is the one GitHub has"));
        Set<String> leftBehind = new HashSet<>(byName.keySet());
        leftBehind.removeAll(registered.keySet());
        for (String name : leftBehind) {
            assertTrue(failed.containsKey(name), "a registration nobody asked for: " + name);
            assertTrue(failed.get(name).getSuppressed().length > 0,
                    "left behind only when the lookup failed too, and said so: " + name);
        }
        assertTrue(failed.size() <= 60 / 4, failed.size() + " of 60 registrations failed");
        assertTrue(client.stats().of(CallKind.GENERATE_JIT_CONFIG).retries() > 0, "some were sent again");
    }

    @Test
    void aRegistrationLandingLateMeetsItsTwinAndIsRefused() throws Exception {
        github.emulator.addFault(FaultRule.delay("POST", JIT, Duration.ofMillis(1500)).times(1));
        GitHubClient client = github.client(GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN),
                github.options().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400)), EmulatedGitHub.PREFIX);
        String name = newName();

        JitConfig config = client.generateJitConfig(name, List.of("x64"));

        Await.until("the first request handled", () -> github.emulator.requestCount("POST", JIT) == 2);
        assertEquals(List.of(201, 409), github.emulator.requests().stream()
                .filter(request -> request.method().equals("POST")).map(LoggedRequest::status).toList(),
                "the resent request registered it; the first, late, was refused");
        List<RunnerView> named = github.emulator.runners().stream().filter(r -> r.name().equals(name)).toList();
        assertEquals(1, named.size());
        assertEquals(config.runnerId(), named.get(0).id());
    }

    @Test
    void aTimedOutRequestIsRetriedOnlyWithinItsTimeBudget() throws Exception {
        github.emulator.addFault(FaultRule.delay("GET", RUNNERS, Duration.ofSeconds(1)));
        GitHubClientOptions slow = github.options().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
        RetryBudget shorterThanOneAttempt = new RetryBudget(4, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofMillis(100));
        GitHubClient bounded = github.client(GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN),
                slow.withRetry(shorterThanOneAttempt), EmulatedGitHub.PREFIX);

        org.junit.jupiter.api.Assertions.assertThrows(GitHubException.Timeout.class, bounded::listRunners);
        Await.until("the delayed request logged", () -> github.emulator.requestCount("GET", RUNNERS) >= 1);
        assertEquals(1, github.emulator.requestCount("GET", RUNNERS), "the timed-out attempt spent the time budget");
        assertEquals(0, bounded.stats().of(CallKind.LIST_RUNNERS).retries());

        github.emulator.clearRequests();
        GitHubClient patient = github.client(GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN),
                slow.withRetry(new RetryBudget(4, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30))),
                EmulatedGitHub.PREFIX);
        org.junit.jupiter.api.Assertions.assertThrows(GitHubException.Timeout.class, patient::listRunners);
        Await.until("the delayed requests logged", () -> github.emulator.requestCount("GET", RUNNERS) == 4);
        assertEquals(3, patient.stats().of(CallKind.LIST_RUNNERS).retries());
    }
}
