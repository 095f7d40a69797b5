package githubrunner.github;

import static githubrunner.github.EmulatedGitHub.OWNER;
import static githubrunner.github.EmulatedGitHub.ORG;
import static githubrunner.github.EmulatedGitHub.PREFIX;
import static githubrunner.github.EmulatedGitHub.REPO;
import static githubrunner.github.EmulatedGitHub.newName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.sim.github.JobView;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.sim.github.RunnerView;
import githubrunner.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GitHub client against the GitHub emulator, over HTTP: what the runner manager relies on. */
class GitHubClientContractIT {
    private final EmulatedGitHub github;

    GitHubClientContractIT() throws Exception {
        github = new EmulatedGitHub();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void listsEveryPageOfOurRunnersAndOnlyOurs() throws Exception {
        Set<Long> ours = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            ours.add(github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64")).id());
            if (i % 10 == 0) {
                github.emulator.registerRunner(OWNER + "/" + REPO, InstanceName.generate("other-3").value(), List.of("x64"));
            }
        }

        List<GitHubRunner> runners = github.repoClient().listRunners();

        assertEquals(ours, runners.stream().map(GitHubRunner::id).collect(Collectors.toSet()));
        List<LoggedRequest> pages = github.emulator.requests().stream()
                .filter(request -> request.path().equals("/repos/octo/repo/actions/runners")).toList();
        assertEquals(3, pages.size(), "275 runners at 100 a page");
        assertEquals(List.of("per_page=100&page=1", "per_page=100&page=2", "per_page=100&page=3"),
                pages.stream().map(LoggedRequest::query).toList());
    }

    @Test
    void prefixFilteringIsStrict() throws Exception {
        String hex = "0123456789ab";
        List<String> names = List.of("a-1-" + hex, "a-1-n-" + hex, "a-1-r-" + hex, "a-1-1-" + hex, "a-10-" + hex,
                "a-1-" + hex + "0", "a-1-ABCDEF012345", "b-a-1-" + hex, "a-1");
        for (String name : names) {
            github.emulator.registerRunner(OWNER + "/" + REPO, name, List.of("x64"));
        }
        GitHubClient unitA1 = github.client(GitHubPath.repository(OWNER, REPO),
                EmulatedGitHub.pat(EmulatedGitHub.TOKEN), github.options(), "a-1");
        GitHubClient unitA11 = github.client(GitHubPath.repository(OWNER, REPO),
                EmulatedGitHub.pat(EmulatedGitHub.TOKEN), github.options(), "a-1-1");

        assertEquals(List.of("a-1-" + hex, "a-1-n-" + hex, "a-1-r-" + hex),
                unitA1.listRunners().stream().map(GitHubRunner::name).toList());
        assertEquals(List.of("a-1-1-" + hex), unitA11.listRunners().stream().map(GitHubRunner::name).toList());
    }

    @Test
    void getsARunnerOrNothing() throws Exception {
        RunnerView registered = github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64", "large"));
        GitHubClient client = github.repoClient();

        GitHubRunner runner = client.getRunner(registered.id()).orElseThrow();
        assertEquals(new GitHubRunner(registered.id(), registered.name(), "offline", false, List.of("x64", "large")),
                runner);
        assertFalse(runner.isOnline());
        assertEquals(Optional.empty(), client.getRunner(registered.id() + 1000));
    }

    @Test
    void deletesIdleRunnersReportsGoneOnesAndLeavesBusyOnes() throws Exception {
        GitHubClient client = github.repoClient();
        RunnerView idle = github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64"));

        assertEquals(DeleteResult.DELETED, client.deleteRunner(idle.id()));
        assertTrue(github.emulator.runner(idle.id()).isEmpty());
        assertEquals(DeleteResult.ALREADY_GONE, client.deleteRunner(idle.id()));

        JitConfig busy = client.generateJitConfig(newName(), List.of("self-hosted", "linux", "large"));
        github.emulator.queueJob(OWNER, REPO, List.of("self-hosted", "large"), Duration.ofHours(1));
        assertTrue(github.emulator.agentStarted(busy.encodedConfig().reveal()));
        Await.until("the runner takes the job", () -> github.emulator.runner(busy.runnerId()).orElseThrow().busy());

        assertEquals(DeleteResult.BUSY, client.deleteRunner(busy.runnerId()));
        assertTrue(github.emulator.runner(busy.runnerId()).isPresent(), "still registered");
        assertTrue(client.getRunner(busy.runnerId()).orElseThrow().busy());
    }

    @Test
    void registersRepositoryRunnersJustInTime() throws Exception {
        GitHubClient client = github.repoClient();
        String name = newName();

        JitConfig jit = client.generateJitConfig(name, List.of("self-hosted", "linux", "x64", "large", "X64", "Linux"));

        assertEquals(name, jit.runnerName());
        assertFalse(jit.toString().contains(jit.encodedConfig().reveal()), "the config is a secret");
        RunnerView runner = github.emulator.runner(jit.runnerId()).orElseThrow();
        assertEquals(name, runner.name());
        assertEquals(1, runner.groupId(), "repository runners go to the default group");
        assertEquals(List.of("self-hosted", "linux", "x64", "large"), runner.labels(), "each label sent once");
        assertEquals("offline", client.getRunner(jit.runnerId()).orElseThrow().status());

        assertTrue(github.emulator.agentStarted(jit.encodedConfig().reveal()), "the config maps back to the runner");
        assertTrue(client.getRunner(jit.runnerId()).orElseThrow().isOnline());
        assertEquals(0, github.emulator.requestCount("*", ".*/runner-groups"));
    }

    @Test
    void registersOrganisationRunnersInTheirGroupLookedUpOnce() throws Exception {
        long target = 0;
        for (int i = 0; i < 120; i++) {
            target = github.emulator.addRunnerGroup(ORG, "group-" + i); // the last one sits on page 2
        }
        GitHubClient client = github.orgClient("group-119");

        JitConfig first = client.generateJitConfig(newName(), List.of("x64"));
        JitConfig second = client.generateJitConfig(newName(), List.of("x64"));

        assertEquals(target, github.emulator.runner(first.runnerId()).orElseThrow().groupId());
        assertEquals(target, github.emulator.runner(second.runnerId()).orElseThrow().groupId());
        assertEquals(2, github.emulator.requestCount("GET", "/orgs/octo-org/actions/runner-groups"),
                "two pages, once for both registrations");
        assertEquals(2, github.emulator.requestCount("POST", "/orgs/octo-org/actions/runners/generate-jitconfig"));
        assertEquals(Set.of(first.runnerId(), second.runnerId()),
                client.listRunners().stream().map(GitHubRunner::id).collect(Collectors.toSet()));
        client.verifyAccess();
    }

    @Test
    void anUnknownRunnerGroupIsReportedAndNothingIsRegistered() throws Exception {
        GitHubClient client = github.orgClient("no-such-group");

        GitHubException.UnknownRunnerGroup unknown = assertThrows(GitHubException.UnknownRunnerGroup.class,
                () -> client.generateJitConfig(newName(), List.of("x64")));
        assertEquals("no-such-group", unknown.group());
        assertThrows(GitHubException.UnknownRunnerGroup.class, client::verifyAccess);
        assertEquals(0, github.emulator.requestCount("POST", ".*generate-jitconfig"));
        assertTrue(github.emulator.runners().isEmpty());
    }

    @Test
    void theDefaultGroupIsFoundByName() throws Exception {
        JitConfig jit = github.orgClient("default").generateJitConfig(newName(), List.of("x64"));

        assertEquals(1, github.emulator.runner(jit.runnerId()).orElseThrow().groupId());
    }

    @Test
    void aTakenNameIsRejected() throws Exception {
        GitHubClient client = github.repoClient();
        String name = newName();
        client.generateJitConfig(name, List.of("x64"));

        GitHubException.Rejected taken = assertThrows(GitHubException.Rejected.class,
                () -> client.generateJitConfig(name, List.of("x64")));
        assertEquals(409, taken.status());
    }

    @Test
    void followsAJobFromQueuedToCompleted() throws Exception {
        GitHubClient client = github.repoClient();
        JobView queued = github.emulator.queueJob(OWNER, REPO, List.of("self-hosted", "Large"), Duration.ofMillis(50), 777);
        JobView other = github.emulator.queueJob(OWNER, REPO, List.of("gpu"), Duration.ZERO, 777);

        WorkflowJob waiting = client.getJob(OWNER, REPO, queued.id()).orElseThrow();
        assertEquals("queued", waiting.status());
        assertFalse(waiting.isPickedUp());
        assertEquals(Optional.empty(), waiting.runnerName());
        assertEquals(Optional.empty(), waiting.conclusion());
        assertEquals(List.of("self-hosted", "Large"), waiting.labels());
        assertEquals(777, waiting.runId());

        JitConfig jit = client.generateJitConfig(newName(), List.of("self-hosted", "linux", "large"));
        github.emulator.agentStarted(jit.encodedConfig().reveal());
        Await.until("the job completes", () -> "completed".equals(github.emulator.job(queued.id()).orElseThrow().status()));

        WorkflowJob done = client.getJob(OWNER, REPO, queued.id()).orElseThrow();
        assertEquals("completed", done.status());
        assertEquals(Optional.of("success"), done.conclusion());
        assertEquals(Optional.of(jit.runnerName()), done.runnerName());
        assertTrue(done.startedAt().isPresent() && done.completedAt().isPresent() && done.createdAt().isPresent());
        assertTrue(done.url().endsWith("/repos/octo/repo/actions/jobs/" + queued.id()));
        assertTrue(client.getRunner(jit.runnerId()).isEmpty(), "ephemeral runner deregistered");

        List<WorkflowJob> run = client.listJobs(OWNER, REPO, 777);
        assertEquals(List.of(queued.id(), other.id()), run.stream().map(WorkflowJob::id).toList());
        assertEquals("queued", run.get(1).status(), "no runner matches gpu");
        assertEquals(Optional.empty(), client.getJob(OWNER, REPO, 999_999));
    }

    @Test
    void listsJobsAcrossPages() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            ids.add(github.emulator.queueJob(OWNER, REPO, List.of("x64"), Duration.ZERO, 5).id());
        }

        assertEquals(ids, github.repoClient().listJobs(OWNER, REPO, 5).stream().map(WorkflowJob::id).toList());
        assertEquals(2, github.emulator.requestCount("GET", "/repos/octo/repo/actions/runs/5/jobs"));
    }

    @Test
    void countsCallsRequestsErrorsAndTheLastRemainingBudget() throws Exception {
        github.emulator.rateLimit("core", 1000, Duration.ofHours(1));
        GitHubClient client = github.repoClient();
        for (int i = 0; i < 150; i++) {
            github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64"));
        }
        client.listRunners();
        client.listRunners();
        client.getRunner(123_456);
        assertThrows(GitHubException.NotFound.class, () -> client.listJobs(OWNER, REPO, 42));

        GitHubStats stats = client.stats();
        assertEquals(2, stats.of(CallKind.LIST_RUNNERS).calls());
        assertEquals(4, stats.of(CallKind.LIST_RUNNERS).requests());
        assertEquals(2, stats.of(CallKind.LIST_RUNNERS).ok());
        assertEquals(2, stats.of(CallKind.LIST_RUNNERS).notModified(), "the second listing found nothing new");
        assertEquals(0, stats.of(CallKind.LIST_RUNNERS).totalErrors());
        assertEquals(1, stats.of(CallKind.GET_RUNNER).calls(), "a missing runner is an answer, not an error");
        assertEquals(0, stats.of(CallKind.GET_RUNNER).totalErrors());
        assertEquals(1, stats.of(CallKind.LIST_JOBS).errors(GitHubException.Kind.NOT_FOUND));
        assertEquals(1000 - 4, stats.of(CallKind.LIST_JOBS).lastRemaining().orElseThrow(), "304s are free");
        assertEquals(0, stats.of(CallKind.DELETE_RUNNER).calls());
        assertEquals(0, stats.of(CallKind.LIST_RUNNERS).retries());
        assertEquals(1000 - 4, client.rateLimit().core().orElseThrow().remaining());
    }

    @Test
    void readsTheBudgetsWithoutSpendingThem() throws Exception {
        github.emulator.rateLimit("core", 50, Duration.ofHours(1));
        GitHubClient client = github.repoClient();
        client.listRunners();

        RateLimitStatus status = client.fetchRateLimit();

        assertEquals(49, status.core().orElseThrow().remaining());
        assertEquals(10_000, status.budgets().get("actions_runner_registration").limit());
        assertEquals(49, client.fetchRateLimit().core().orElseThrow().remaining(), "GET /rate_limit is free");
    }

    @Test
    void verifiesAccess() throws Exception {
        github.repoClient().verifyAccess();
        assertThrows(GitHubException.NotFound.class, () -> github.client(
                GitHubPath.repository(OWNER, "missing"), EmulatedGitHub.pat(EmulatedGitHub.TOKEN))
                .verifyAccess());
        assertNotEquals(0, github.emulator.requestCount("GET", "/repos/octo/repo"));
        assertTrue(PREFIX.startsWith("unit"));
    }
}
