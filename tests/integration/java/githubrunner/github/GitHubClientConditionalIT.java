package githubrunner.github;

import static githubrunner.github.EmulatedGitHub.OWNER;
import static githubrunner.github.EmulatedGitHub.REPO;
import static githubrunner.github.EmulatedGitHub.newName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.testing.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conditional runner listings against the emulator: an unchanged fleet costs nothing against the
 * primary budget, a change costs the pages it touched, and token renewals, page-count changes and
 * odd answers keep the listing exact.
 */
class GitHubClientConditionalIT {
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";
    private final EmulatedGitHub github;

    GitHubClientConditionalIT() throws Exception {
        github = new EmulatedGitHub();
        github.emulator.rateLimit("core", 1000, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void anUnchangedFleetIsAll304sAndLeavesTheBudgetAlone() throws Exception {
        register(250);
        GitHubClient client = github.repoClient();
        RunnerListing first = client.runnerListing();
        assertEquals(List.of(200, 200, 200), statuses());
        assertTrue(first.changed());
        assertEquals(3, first.pages());
        long remaining = client.fetchRateLimit().core().orElseThrow().remaining();
        assertEquals(1000 - 3, remaining);

        for (int i = 0; i < 5; i++) {
            github.emulator.clearRequests();
            RunnerListing again = client.runnerListing();
            assertEquals(List.of(304, 304, 304), statuses());
            assertEquals(first.runners(), again.runners());
            assertFalse(again.changed());
            assertTrue(again.free());
            assertEquals(first.generation(), again.generation());
        }

        assertEquals(remaining, client.fetchRateLimit().core().orElseThrow().remaining(), "304s are not charged");
        assertEquals(remaining, client.rateLimit().core().orElseThrow().remaining(), "and the client knows it");
        GitHubStats.CallStats listing = client.stats().of(CallKind.LIST_RUNNERS);
        assertEquals(3, listing.ok());
        assertEquals(15, listing.notModified());
        assertEquals(18, listing.requests());
    }

    @Test
    void aChangedRunnerCostsOnlyItsPage() throws Exception {
        register(150);
        GitHubClient client = github.repoClient();
        JitConfig middle = client.generateJitConfig(newName(), List.of("x64")); // the 151st: page 2
        register(99);
        RunnerListing before = client.runnerListing();
        assertEquals("offline", status(before, middle.runnerId()));
        github.emulator.clearRequests();

        assertTrue(github.emulator.agentStarted(middle.encodedConfig().reveal()));
        RunnerListing after = client.runnerListing();

        assertEquals(List.of(304, 200, 304), statuses());
        assertTrue(after.changed());
        assertEquals(before.generation() + 1, after.generation());
        assertEquals(2, after.notModifiedPages());
        assertEquals("online", status(after, middle.runnerId()));
        assertEquals(before.runners().size(), after.runners().size());
    }

    @Test
    void aChangedFirstPageIsReadAgainAndTheRestReused() throws Exception {
        GitHubClient client = github.repoClient();
        JitConfig first = client.generateJitConfig(newName(), List.of("x64"));
        register(249);
        client.runnerListing();
        github.emulator.clearRequests();

        github.emulator.agentStarted(first.encodedConfig().reveal());
        RunnerListing listing = client.runnerListing();

        assertEquals(List.of(200, 304, 304), statuses());
        assertEquals("online", status(listing, first.runnerId()));
    }

    @Test
    void anotherUnitsChangeCostsAPageButIsNoChangeOfOurs() throws Exception {
        register(50);
        GitHubClient ours = github.repoClient();
        GitHubClient theirs = github.client(GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(EmulatedGitHub.TOKEN),
                github.options(), "other-7");
        JitConfig other = theirs.generateJitConfig(InstanceName.generate("other-7").value(), List.of("x64"));
        RunnerListing before = ours.runnerListing();
        github.emulator.clearRequests();

        github.emulator.agentStarted(other.encodedConfig().reveal());
        RunnerListing after = ours.runnerListing();

        assertEquals(List.of(200), statuses(), "the page changed");
        assertFalse(after.changed(), "our runners did not");
        assertEquals(before.generation(), after.generation());
    }

    @Test
    void pagesAppearingAndDisappearingKeepTheListingExact() throws Exception {
        List<Long> ids = register(250);
        GitHubClient client = github.repoClient();
        client.runnerListing();

        register(60); // 310: a fourth page, and total_count changed on every page
        github.emulator.clearRequests();
        RunnerListing grown = client.runnerListing();
        assertEquals(List.of(200, 200, 200, 200), statuses());
        assertEquals(310, grown.runners().size());
        assertTrue(grown.changed());

        for (long id : ids.subList(0, 150)) { // 160 left: two pages
            client.deleteRunner(id);
        }
        github.emulator.clearRequests();
        RunnerListing shrunk = client.runnerListing();
        assertEquals(List.of(200, 200), statuses());
        assertEquals(160, shrunk.runners().size());

        github.emulator.clearRequests();
        assertEquals(shrunk.runners(), client.runnerListing().runners());
        assertEquals(List.of(304, 304), statuses(), "no stale third page is asked for");

        for (long id : ids.subList(150, 250)) {
            client.deleteRunner(id);
        }
        register(0);
        github.emulator.clearRequests();
        assertEquals(60, client.runnerListing().runners().size());
        assertEquals(List.of(200), statuses());
    }

    @Test
    void anInstallationTokenRenewalCostsOneFullListingThenListingIsFreeAgain() throws Exception {
        KeyPair keys = TestKeys.rsa();
        github.emulator.registerApp(4242, "Iv1.conditional01", keys.getPublic()).addInstallation(77, 4242)
                .installationTokenLifetime(Duration.ofHours(1));
        register(150);
        GitHubClient client = github.client(GitHubPath.repository(OWNER, REPO), GitHubAuth.app("Iv1.conditional01", 77,
                Secret.of(TestKeys.pkcs1Pem(keys))), github.options().withTokenRefreshMargin(Duration.ofMinutes(5)),
                EmulatedGitHub.PREFIX);
        RunnerListing first = client.runnerListing();
        github.emulator.clearRequests();
        client.runnerListing();
        assertEquals(List.of(304, 304), statuses());

        // Past the refresh margin: a new installation token, and GitHub's tags belong to the token.
        github.clock.advance(Duration.ofMinutes(56));
        github.emulator.clearRequests();
        RunnerListing renewed = client.runnerListing();
        assertEquals(1, github.emulator.requestCount("POST", "/app/installations/77/access_tokens"));
        assertEquals(List.of(200, 200), statuses());
        assertEquals(first.runners(), renewed.runners());
        assertFalse(renewed.changed(), "a new token is no change of the fleet");

        github.emulator.clearRequests();
        client.runnerListing();
        assertEquals(List.of(304, 304), statuses());

        // A revoked token: 401, a new token, the same request again, in full.
        github.emulator.revokeInstallationTokens().clearRequests();
        assertEquals(first.runners(), client.runnerListing().runners());
        assertEquals(List.of(401, 200, 200), statuses());
    }

    @Test
    void aPageWithoutATagIsAskedInFullNextTime() throws Exception {
        GitHubClient client = github.repoClient();
        github.emulator.addFault(FaultRule.respond("GET", RUNNERS, 200, "{\"total_count\": 0, \"runners\": []}").times(1));
        client.runnerListing();
        github.emulator.clearRequests();

        client.runnerListing();
        client.runnerListing();

        assertEquals(List.of(200, 304), statuses());
    }

    @Test
    void aNotModifiedToAnUnconditionalRequestIsInvalidAndForgotten() throws Exception {
        register(3);
        GitHubClient client = github.repoClient();
        github.emulator.addFault(FaultRule.respond("GET", RUNNERS, 304, "").times(1));

        GitHubException.InvalidResponse invalid = org.junit.jupiter.api.Assertions.assertThrows(
                GitHubException.InvalidResponse.class, client::runnerListing);
        assertTrue(invalid.getMessage().contains("304"), invalid.getMessage());
        assertEquals(3, client.runnerListing().runners().size());
    }

    private List<Long> register(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(github.emulator.registerRunner(OWNER + "/" + REPO, newName(), List.of("x64")).id());
        }
        return ids;
    }

    private List<Integer> statuses() {
        return github.emulator.requests().stream().filter(request -> request.path().equals(RUNNERS))
                .map(LoggedRequest::status).toList();
    }

    private static String status(RunnerListing listing, long id) {
        return listing.runners().stream().filter(runner -> runner.id() == id).findFirst().orElseThrow().status();
    }
}
