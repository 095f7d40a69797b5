package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatorStateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
    private final EmulatorState state = new EmulatorState(clock);
    private final SimScope repo;
    private final SimScope org;

    EmulatorStateTest() {
        state.addRepository("Octo", "Repo");
        state.addOrganisation("octo");
        repo = state.repository("octo", "repo").orElseThrow();
        org = state.organisation("OCTO").orElseThrow();
    }

    @Test
    void jobLabelsMustBeAmongTheRunnersAndTheImplicitOnes() {
        List<String> runner = List.of("self-hosted", "Linux", "large", "jammy");

        assertTrue(EmulatorState.matches(List.of("self-hosted", "large"), runner));
        assertTrue(EmulatorState.matches(List.of("LARGE", "X64", "linux"), runner), "case-insensitive; x64 implicit");
        assertTrue(EmulatorState.matches(List.of(), runner));
        assertFalse(EmulatorState.matches(List.of("large", "gpu"), runner));
        assertFalse(EmulatorState.matches(List.of("arm64"), runner));
    }

    @Test
    void namesAreUniquePerScopeIgnoringCase() throws ApiError {
        state.register(repo, "unit-0-0123456789ab", 1, List.of("x64"));

        ApiError taken = assertThrows(ApiError.class,
                () -> state.register(repo, "UNIT-0-0123456789AB", 1, List.of("x64")));
        assertEquals(409, taken.status());
        state.register(org, "unit-0-0123456789ab", 1, List.of("x64")); // another scope
    }

    @Test
    void groupsMustExist() throws ApiError {
        assertEquals(404, assertThrows(ApiError.class, () -> state.register(repo, "a", 2, List.of("x"))).status());
        assertEquals(404, assertThrows(ApiError.class, () -> state.register(org, "a", 7, List.of("x"))).status());
        long group = state.addRunnerGroup("octo", "large");
        assertEquals(group, state.register(org, "a", group, List.of("x")).runner().groupId());
    }

    @Test
    void jitConfigsAreOpaqueButMapBackToTheirRunner() throws ApiError {
        EmulatorState.Registration first = state.register(repo, "r-1", 1, List.of("x64", "X64", "large"));
        EmulatorState.Registration second = state.register(repo, "r-2", 1, List.of("x64"));

        assertNotEquals(first.encodedJitConfig(), second.encodedJitConfig());
        String decoded = new String(Base64.getDecoder().decode(first.encodedJitConfig()), StandardCharsets.UTF_8);
        assertTrue(decoded.contains("\"runner_id\":" + first.runner().id()));
        assertEquals(List.of("x64", "large"), first.runner().labels(), "deduplicated ignoring case");
        assertEquals(EmulatorState.AgentOutcome.STARTED, state.agentStarted(first.encodedJitConfig()).getKey());
        assertEquals(EmulatorState.AgentOutcome.ALREADY_STARTED, state.agentStarted(first.encodedJitConfig()).getKey());
        assertEquals(EmulatorState.AgentOutcome.UNKNOWN_CONFIG, state.agentStarted("bm9wZQ==").getKey());
    }

    @Test
    void aRunnerTakesAJobIsBusyThenDeregisters() throws ApiError {
        EmulatorState.Registration runner = state.register(org, "r-1", 1, List.of("large"));
        JobView job = state.queueJob("octo", "repo", "build", List.of("self-hosted", "large"), Duration.ofSeconds(5), null);
        assertEquals(List.of(), state.assign(), "offline runners take nothing");

        state.agentStarted(runner.encodedJitConfig());
        clock.advance(Duration.ofSeconds(42));
        List<EmulatorState.Assignment> started = state.online(runner.runner().id());

        assertEquals(List.of(new EmulatorState.Assignment(job.id(), runner.runner().id(), Duration.ofSeconds(5))), started);
        JobView running = state.job(job.id()).orElseThrow();
        assertEquals("in_progress", running.status());
        assertEquals("r-1", running.runnerName());
        assertEquals(EmulatorState.DeleteOutcome.BUSY, state.delete(org, runner.runner().id()));
        assertEquals(Duration.ofSeconds(42), state.counts().queueTimes().get(0));

        state.complete(job.id());
        JobView done = state.job(job.id()).orElseThrow();
        assertEquals("completed", done.status());
        assertEquals("success", done.conclusion());
        assertTrue(state.runner(runner.runner().id()).isEmpty(), "ephemeral: deregistered after its job");
        assertEquals(new JobCounts(0, 0, 1, List.of(Duration.ofSeconds(42))), state.counts());
    }

    @Test
    void runnersServeOnlyTheirRepositoryOrOrganisation() throws ApiError {
        state.addRepository("other", "repo");
        EmulatorState.Registration repoRunner = state.register(repo, "r-1", 1, List.of("x64"));
        state.agentStarted(repoRunner.encodedJitConfig());
        state.online(repoRunner.runner().id());

        state.queueJob("other", "repo", "build", List.of("x64"), Duration.ZERO, null);
        assertEquals(List.of(), state.assign());
        state.queueJob("octo", "repo", "build", List.of("x64"), Duration.ZERO, null);
        assertEquals(1, state.assign().size());
    }

    @Test
    void deletingAnUnknownRunnerIsNotFound() {
        assertEquals(EmulatorState.DeleteOutcome.NOT_FOUND, state.delete(repo, 99));
    }
}
