package githubrunner.github;

import static githubrunner.github.EmulatedGitHub.OWNER;
import static githubrunner.github.EmulatedGitHub.REPO;
import static githubrunner.github.EmulatedGitHub.TOKEN;
import static githubrunner.github.EmulatedGitHub.newName;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.sim.github.Access;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.LoggedRequest;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every way a GitHub call fails reaches the manager as its own type, at once, without a credential in sight. */
class GitHubClientErrorsIT {
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";
    private final EmulatedGitHub github;

    GitHubClientErrorsIT() throws Exception {
        github = new EmulatedGitHub();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void aSpentBudgetStopsCallsUntilTheResetGitHubAnnounced() throws Exception {
        github.emulator.rateLimit("core", 3, Duration.ofHours(1));
        Instant reset = github.clock.instant().plus(Duration.ofHours(1));
        GitHubClient client = github.repoClient();
        client.listRunners();
        client.getRunner(1);
        client.getRunner(2);

        // The third answer said "0 remaining": the client does not even ask, not even conditionally.
        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class, client::listRunners);
        assertEquals(reset, limited.until());
        assertEquals("core", limited.resource());
        assertThrows(GitHubException.RateLimited.class, () -> client.deleteRunner(1));
        assertThrows(GitHubException.RateLimited.class, () -> client.getJob(OWNER, REPO, 1));
        assertEquals(3, github.emulator.requestCount("*", ".*"));
        assertEquals(Optional.of(reset), client.rateLimit().limitedUntil());
        assertEquals(0, client.rateLimit().core().orElseThrow().remaining());
        assertEquals(1, client.stats().of(CallKind.LIST_RUNNERS).requests());
        assertEquals(2, client.stats().of(CallKind.GET_RUNNER).requests());
        assertEquals(1, client.stats().of(CallKind.LIST_RUNNERS).errors(GitHubException.Kind.RATE_LIMITED));
        assertEquals(0, client.stats().of(CallKind.LIST_RUNNERS).retries(), "a rate limit is not retried");

        github.clock.advance(Duration.ofMinutes(59));
        assertThrows(GitHubException.RateLimited.class, client::listRunners);
        github.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), client.listRunners());
        assertEquals(Optional.empty(), client.rateLimit().limitedUntil());
        assertEquals(4, github.emulator.requestCount("*", ".*"));
    }

    @Test
    void aClientThatDidNotKnowLearnsFromTheRefusal() throws Exception {
        github.emulator.rateLimit("core", 2, Duration.ofMinutes(10));
        Instant reset = github.clock.instant().plus(Duration.ofMinutes(10));
        GitHubClient first = github.repoClient();
        first.listRunners();
        first.getRunner(1);
        GitHubClient second = github.repoClient(); // same token, fresh process

        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class, second::listRunners);
        assertEquals(reset, limited.until());
        assertEquals(2, github.emulator.requestCount("GET", RUNNERS), "the refused request, once");
        assertThrows(GitHubException.RateLimited.class, second::listRunners);
        assertEquals(2, github.emulator.requestCount("GET", RUNNERS));
    }

    @Test
    void exhaustionAnsweredWith429IsTheSame() throws Exception {
        github.emulator.rateLimit("core", 1, Duration.ofMinutes(10)).rateLimitExhaustedStatus(429);
        github.repoClient().listRunners();

        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class,
                () -> github.repoClient().listRunners());
        assertEquals(github.clock.instant().plus(Duration.ofMinutes(10)), limited.until());
        assertFalse(limited.isSecondary());
    }

    @Test
    void runnerRegistrationHasItsOwnBudget() throws Exception {
        github.emulator.rateLimit("actions_runner_registration", 2, Duration.ofHours(1));
        GitHubClient client = github.repoClient();
        client.generateJitConfig(newName(), List.of("x64"));
        client.generateJitConfig(newName(), List.of("x64"));

        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class,
                () -> client.generateJitConfig(newName(), List.of("x64")));
        assertEquals("actions_runner_registration", limited.resource());
        assertEquals(2, client.listRunners().size(), "listing spends the core budget, still open");
        assertEquals(Optional.empty(), client.rateLimit().limitedUntil());
        assertEquals(2, github.emulator.requestCount("POST", ".*generate-jitconfig"));
    }

    @Test
    void aSecondaryLimitHoldsEveryCallForItsRetryAfter() throws Exception {
        github.emulator.addFault(FaultRule.secondaryLimit("GET", RUNNERS, 403, 30).times(1));
        GitHubClient client = github.repoClient();

        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class, client::listRunners);
        assertTrue(limited.isSecondary());
        assertEquals(github.clock.instant().plusSeconds(30), limited.until());
        assertThrows(GitHubException.RateLimited.class, () -> client.getJob(OWNER, REPO, 1));
        assertEquals(1, github.emulator.requestCount("*", ".*"));

        github.clock.advance(Duration.ofSeconds(30));
        assertDoesNotThrow(client::listRunners);
    }

    @Test
    void aSecondaryLimitWithoutRetryAfterWaitsAMinute() throws Exception {
        github.emulator.addFault(FaultRule.status("GET", RUNNERS, 429).times(1));
        GitHubClient client = github.repoClient();

        GitHubException.RateLimited limited = assertThrows(GitHubException.RateLimited.class, client::listRunners);
        assertEquals(github.clock.instant().plusSeconds(60), limited.until());
        github.clock.advance(Duration.ofSeconds(59));
        assertThrows(GitHubException.RateLimited.class, client::listRunners);
        github.clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(client::listRunners);
    }

    @Test
    void aWrongTokenIsInvalid() {
        GitHubClient client = github.client(GitHubPath.repository(OWNER, REPO),
                EmulatedGitHub.pat("ghp_wrong_token_0000"));

        expectWithoutSecrets(GitHubException.InvalidToken.class, client::listRunners);
        expectWithoutSecrets(GitHubException.InvalidToken.class, () -> client.generateJitConfig(newName(), List.of("x")));
        assertEquals(2, client.stats().of(CallKind.LIST_RUNNERS).requests()
                + client.stats().of(CallKind.GENERATE_JIT_CONFIG).requests(), "no retries");
    }

    @Test
    void aTokenWithoutAdministrationLacksPermission() throws Exception {
        github.emulator.addToken("ghp_read_only_token_1111", Access.READ_ONLY);
        GitHubClient client = github.client(GitHubPath.repository(OWNER, REPO),
                EmulatedGitHub.pat("ghp_read_only_token_1111"));

        expectWithoutSecrets(GitHubException.MissingPermission.class, client::listRunners);
        expectWithoutSecrets(GitHubException.MissingPermission.class, () -> client.deleteRunner(5));
        assertEquals(Optional.empty(), client.getJob(OWNER, REPO, 1), "jobs are readable");
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        GitHubClient client = github.client(GitHubPath.repository(OWNER, "gone"), EmulatedGitHub.pat(TOKEN));

        expectWithoutSecrets(GitHubException.NotFound.class, client::listRunners);
    }

    @Test
    void lastingServerErrorsCarryTheirStatusOnceTheRetriesAreSpent() {
        github.emulator.addFault(FaultRule.status("GET", RUNNERS, 502));
        GitHubClient client = github.repoClient();

        GitHubException.ServerError error = assertThrows(GitHubException.ServerError.class, client::listRunners);
        assertEquals(502, error.status());
        int attempts = EmulatedGitHub.TEST_RETRY.maxAttempts();
        assertEquals(attempts, github.emulator.requestCount("GET", RUNNERS), "retried within the budget, no more");
        assertEquals(attempts - 1, client.stats().of(CallKind.LIST_RUNNERS).retries());
        assertEquals(1, client.stats().of(CallKind.LIST_RUNNERS).errors(GitHubException.Kind.SERVER_ERROR),
                "one failed call");
    }

    @Test
    void aPostIsNotRetriedOnARefusalThatLeavesNothingBehind() {
        github.emulator.addFault(FaultRule.status("POST", ".*/generate-jitconfig", 422));
        GitHubClient client = github.repoClient();

        assertThrows(GitHubException.Rejected.class, () -> client.generateJitConfig(newName(), List.of("x64")));
        assertEquals(1, github.emulator.requestCount("POST", ".*/generate-jitconfig"));
        assertEquals(0, github.emulator.requestCount("GET", RUNNERS), "a 422 registers nothing: no lookup");
    }

    @Test
    void aSlowAnswerTimesOut() {
        github.emulator.addFault(FaultRule.delay("GET", RUNNERS, Duration.ofSeconds(5)));
        GitHubClient impatient = github.client(GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN),
                github.options().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)), EmulatedGitHub.PREFIX);

        expectWithoutSecrets(GitHubException.Timeout.class, impatient::listRunners);
        assertEquals(1, impatient.stats().of(CallKind.LIST_RUNNERS).errors(GitHubException.Kind.TIMEOUT));
    }

    @Test
    void aDroppedConnectionIsATransportError() throws Exception {
        github.emulator.addFault(FaultRule.drop("GET", RUNNERS));
        expectWithoutSecrets(GitHubException.Transport.class, () -> github.repoClient().listRunners());
        // github-api does not retry; the client does, within its budget; and the JDK client resends an
        // idempotent request once when the connection closes before any answer (the case of a stale
        // keep-alive connection), which no setting turns off.
        long gets = github.emulator.requestCount("GET", RUNNERS);
        assertTrue(gets >= EmulatedGitHub.TEST_RETRY.maxAttempts() && gets <= 2L * EmulatedGitHub.TEST_RETRY.maxAttempts(),
                "requests: " + gets);

        github.emulator.clearFaults().clearRequests();
        github.emulator.addFault(FaultRule.drop("POST", ".*/generate-jitconfig"));
        String name = newName();
        expectWithoutSecrets(GitHubException.Transport.class,
                () -> github.repoClient().generateJitConfig(name, List.of("x64")));
        assertEquals(2, github.emulator.requestCount("POST", ".*/generate-jitconfig"),
                "a POST is sent again once, after a lookup found nothing registered");
        assertEquals(List.of("name=" + name + "&per_page=100&page=1", "name=" + name + "&per_page=100&page=1"),
                github.emulator.requests().stream().filter(request -> request.method().equals("GET"))
                        .map(LoggedRequest::query).toList());
    }

    @Test
    void nobodyListeningIsATransportError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GitHubClient client = GitHubClient.create(new GitHubTarget("http://127.0.0.1:" + port,
                GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN)), "unit-0", github.options());

        expectWithoutSecrets(GitHubException.Transport.class, client::listRunners);
    }

    @Test
    void malformedAnswersAreInvalidResponses() throws Exception {
        GitHubClient client = github.repoClient();
        github.emulator.addFault(FaultRule.respond("GET", RUNNERS, 200, "<html>maintenance</html>").times(1));
        expectWithoutSecrets(GitHubException.InvalidResponse.class, client::listRunners);

        github.emulator.addFault(FaultRule.respond("GET", RUNNERS, 200,
                "{\"total_count\": 1, \"runners\": [{\"id\": \"23\", \"name\": \"unit-0-0123456789ab\"}]}").times(1));
        GitHubException.InvalidResponse wrongType = assertThrows(GitHubException.InvalidResponse.class, client::listRunners);
        assertTrue(wrongType.getMessage().contains("'id'"), wrongType.getMessage());

        github.emulator.addFault(FaultRule.respond("GET", RUNNERS, 200, "{\"runners\": []}").times(1));
        expectWithoutSecrets(GitHubException.InvalidResponse.class, client::listRunners);

        github.emulator.addFault(FaultRule.respond("POST", ".*/generate-jitconfig", 201,
                "{\"runner\": {\"id\": 1, \"name\": \"someone-else\", \"os\": \"linux\", \"status\": \"offline\", "
                        + "\"busy\": false, \"labels\": []}, \"encoded_jit_config\": \"c2VjcmV0\"}").times(1));
        GitHubException.InvalidResponse otherRunner = assertThrows(GitHubException.InvalidResponse.class,
                () -> client.generateJitConfig(newName(), List.of("x64")));
        assertFalse(otherRunner.getMessage().contains("c2VjcmV0"), "the config never appears in a message");
    }

    @Test
    void aPaginationLinkThatDoesNotAdvanceIsInvalid() {
        github.emulator.addFault(new FaultRule("GET", RUNNERS, 1, new FaultRule.Respond(200,
                "{\"total_count\": 300, \"runners\": [{\"id\": 1, \"name\": \"x\", \"os\": \"linux\", \"status\": \"online\", "
                        + "\"busy\": false, \"labels\": []}]}",
                java.util.Map.of("link", "<" + github.emulator.url() + RUNNERS + "?per_page=100&page=1>; rel=\"next\"")), -1));

        expectWithoutSecrets(GitHubException.InvalidResponse.class, () -> github.repoClient().listRunners());
        assertEquals(1, github.emulator.requestCount("GET", RUNNERS));
    }

    private static void expectWithoutSecrets(Class<? extends GitHubException> type, Executable call) {
        GitHubException error = assertThrows(type, call);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            assertNull(cause.getMessage() != null && cause.getMessage().contains(TOKEN) ? cause : null,
                    "a message holds the token: " + cause);
            assertFalse(cause.getMessage() != null && cause.getMessage().contains("ghp_"), cause.getMessage());
        }
    }
}
