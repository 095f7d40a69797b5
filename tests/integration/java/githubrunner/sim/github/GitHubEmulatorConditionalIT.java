package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conditional GETs as GitHub answers them: weak tags per page and per token, 304s free of charge. */
class GitHubEmulatorConditionalIT {
    private static final String TOKEN = "ghp_conditional_it_token";
    private static final String AUTH = "Bearer " + TOKEN;
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
    private final GitHubEmulator emulator;
    private final EmulatorHttp http;

    GitHubEmulatorConditionalIT() throws Exception {
        emulator = GitHubEmulator.builder().clock(clock).start();
        emulator.addToken(TOKEN).addToken("ghp_other_token").addRepository("octo", "repo");
        http = new EmulatorHttp(emulator.url());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aMatchingTagIsAnsweredNotModifiedWithoutCharge() throws Exception {
        emulator.rateLimit("core", 100, Duration.ofHours(1));
        EmulatorHttp.Response full = http.get(RUNNERS, AUTH);
        String tag = full.header("etag");
        assertTrue(tag.matches("W/\"[0-9a-f]{64}\""), tag);
        assertEquals("private, max-age=60, s-maxage=60", full.header("cache-control"));
        assertTrue(full.header("vary").contains("Authorization"));
        assertEquals("99", full.header("x-ratelimit-remaining"));

        for (String sent : List.of(tag, tag.substring(2), "\"nope\", " + tag, "*")) {
            EmulatorHttp.Response same = http.get(RUNNERS, AUTH, Map.of("If-None-Match", sent));
            assertEquals(304, same.status(), sent);
            assertEquals(0, same.raw().body().length);
            assertEquals(tag, same.header("etag"));
            assertEquals("99", same.header("x-ratelimit-remaining"), "a 304 is free, and says so");
            assertEquals("1", same.header("x-ratelimit-used"));
            assertEquals("core", same.header("x-ratelimit-resource"));
        }
        assertEquals(200, http.get(RUNNERS, AUTH, Map.of("If-None-Match", "W/\"0000\"")).status());
        assertEquals(98, http.get("/rate_limit", AUTH).json().at("/resources/core/remaining").asInt());
        assertEquals(List.of(200, 304, 304, 304, 304, 200), emulator.requests().stream()
                .filter(request -> request.path().equals(RUNNERS)).map(LoggedRequest::status).toList(),
                "the request log records the 304s");
    }

    @Test
    void eachPageHasItsOwnTagThatChangesWithItsContent() throws Exception {
        for (int i = 0; i < 150; i++) {
            emulator.registerRunner("octo/repo", "runner-" + i, List.of("x64"));
        }
        JsonNode jit = http.post(RUNNERS + "/generate-jitconfig", AUTH,
                Map.of("name", "runner-150", "runner_group_id", 1, "labels", List.of("x64"))).json();
        for (int i = 151; i < 250; i++) {
            emulator.registerRunner("octo/repo", "runner-" + i, List.of("x64"));
        }
        List<String> before = pageTags(3);
        assertEquals(3, before.stream().distinct().count(), "one tag per page");
        assertEquals(List.of(304, 304, 304), conditionalStatuses(before));

        // runner-150, on page 2, comes online: only page 2 changes.
        assertTrue(emulator.agentStarted(jit.get("encoded_jit_config").asText()));
        assertEquals(List.of(304, 200, 304), conditionalStatuses(before));
        List<String> online = pageTags(3);
        assertEquals(before.get(0), online.get(0));
        assertNotEquals(before.get(1), online.get(1));
        assertEquals(before.get(2), online.get(2));

        // One more runner: total_count is on every page, so every page changes, and a fourth appears.
        for (int i = 250; i < 301; i++) {
            emulator.registerRunner("octo/repo", "runner-" + i, List.of("x64"));
        }
        assertEquals(List.of(200, 200, 200), conditionalStatuses(online));
    }

    @Test
    void tagsBelongToTheCredential() throws Exception {
        String tag = http.get(RUNNERS, AUTH).header("etag");
        EmulatorHttp.Response other = http.get(RUNNERS, "Bearer ghp_other_token", Map.of("If-None-Match", tag));

        assertEquals(200, other.status(), "another token's tag does not match, as on GitHub");
        assertNotEquals(tag, other.header("etag"));
        assertEquals(304, http.get(RUNNERS, AUTH, Map.of("If-None-Match", tag)).status());
    }

    @Test
    void singleObjectsAndJobListsAreConditionalToo() throws Exception {
        long id = emulator.registerRunner("octo/repo", "runner-1", List.of("x64")).id();
        JobView job = emulator.queueJob("octo", "repo", List.of("gpu"), Duration.ofMinutes(1));
        for (String path : List.of(RUNNERS + "/" + id, "/repos/octo/repo/actions/jobs/" + job.id(),
                "/repos/octo/repo/actions/runs/" + job.runId() + "/jobs")) {
            String tag = http.get(path, AUTH).header("etag");
            assertEquals(304, http.get(path, AUTH, Map.of("If-None-Match", tag)).status(), path);
        }
    }

    @Test
    void aSpentBudgetRefusesConditionalRequestsToo() throws Exception {
        emulator.rateLimit("core", 2, Duration.ofHours(1));
        String tag = http.get(RUNNERS, AUTH).header("etag");
        assertEquals(304, http.get(RUNNERS, AUTH, Map.of("If-None-Match", tag)).status());
        assertEquals("0", http.get("/repos/octo/repo", AUTH).header("x-ratelimit-remaining"));

        EmulatorHttp.Response refused = http.get(RUNNERS, AUTH, Map.of("If-None-Match", tag));
        assertEquals(403, refused.status(), "GitHub checks the primary budget first");
        assertEquals("0", refused.header("x-ratelimit-remaining"));
    }

    @Test
    void answersOtherThanAGetsOkHaveNoTag() throws Exception {
        assertEquals(null, http.get("/repos/octo/repo/actions/runners/999", AUTH).header("etag"));
        assertEquals(null, http.post(RUNNERS + "/generate-jitconfig", AUTH,
                Map.of("name", "r", "runner_group_id", 1, "labels", List.of("x64"))).header("etag"));
    }

    private List<String> pageTags(int pages) throws Exception {
        List<String> tags = new ArrayList<>();
        for (int page = 1; page <= pages; page++) {
            tags.add(http.get(RUNNERS + "?per_page=100&page=" + page, AUTH).header("etag"));
        }
        return tags;
    }

    private List<Integer> conditionalStatuses(List<String> tags) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int page = 1; page <= tags.size(); page++) {
            statuses.add(http.get(RUNNERS + "?per_page=100&page=" + page, AUTH,
                    Map.of("If-None-Match", tags.get(page - 1))).status());
        }
        return statuses;
    }
}
