package githubrunner.bench;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubPath;
import githubrunner.github.RunnerListing;
import githubrunner.github.GitHubTarget;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.LoggedRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/run GitHubClientBench: the GitHub client listing 1,000 runners of its unit from the GitHub
 * emulator (plus 100 of another unit, filtered out) over loopback HTTP, warm, side by side: a
 * listing after the fleet changed (every page answered 200, each charged against the budget) and a
 * listing of an unchanged fleet (every page answered 304, free). Requests, charged requests and
 * wall time per listing; each JDK runs in its own JVM; the first listing of a fresh JVM is reported
 * apart.
 *
 * <p>Usage: {@code bench/run GitHubClientBench [runs]} (default 25 pairs of listings per JDK).
 */
public final class GitHubClientBench {
    private static final int OURS = 1000;
    private static final int OTHERS = 100;
    private static final int WARM_UP = 10;
    private static final String TOKEN = "ghp_bench_token";
    private static final String RUNNERS = "/repos/octo/repo/actions/runners";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--measure")) {
            measure(Integer.parseInt(args[1]));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        String load = loadAverage();
        Map<String, Path> jdks = new LinkedHashMap<>();
        jdks.put("OpenJDK 17", Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
        jdks.put("Temurin 25", Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        StringBuilder table = new StringBuilder(
                "| JDK | fleet | median | min | max | requests per listing | of which charged (200) | free (304) "
                        + "| budget spent by all runs | runs |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder first = new StringBuilder();
        for (var jdk : jdks.entrySet()) {
            Path java = jdk.getValue().resolve("bin/java");
            if (!Files.isExecutable(java)) {
                System.out.println(jdk.getKey() + ": not installed, skipped");
                continue;
            }
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    GitHubClientBench.class.getName(), "--measure", String.valueOf(runs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> rows = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    rows.add(line);
                }
            }
            if (child.waitFor() != 0 || rows.size() != 3) {
                throw new IllegalStateException(jdk.getKey() + ": the measuring JVM failed: " + rows);
            }
            System.out.println(jdk.getKey() + " " + rows);
            first.append(first.length() == 0 ? "" : ", ").append(jdk.getKey()).append(' ').append(rows.get(0));
            table.append("| ").append(jdk.getKey()).append(' ').append(rows.get(1)).append('\n');
            table.append("| ").append(jdk.getKey()).append(' ').append(rows.get(2)).append('\n');
        }
        PerformanceDoc.replaceSection("github-client", """
                ## GitHub client

                `GitHubClient.runnerListing()` for a unit with %d runners on a repository that also holds %d runners
                of another unit, against the GitHub emulator on 127.0.0.1 in the same JVM (so the time includes
                the emulator building its JSON and tags). Measured by `bench/run GitHubClientBench` on %s,
                2-core machine shared with other builds (load average %s at the start); PAT auth,
                `per_page=100`, %d warm-up listings, then pairs of listings side by side in one warm client:
                **changed** after the other unit's oldest runner was replaced (every page shifts, so every page
                is answered 200 and charged), then **unchanged** (nothing happened since: every page is
                answered `304 Not Modified`, which GitHub does not charge). Each JDK in a fresh JVM. Requests
                and their statuses are counted by the emulator's request log; "budget spent by all runs" is the
                emulator's `core` budget used over the measured listings of that kind, read from
                `GET /rate_limit` (itself free).

                %s
                First listing of a fresh JVM (cold cache, class loading and JIT warm-up): %s.

                - An unchanged fleet costs nothing against the primary rate limit, so the manager can look
                  every few seconds: 11 free requests per look instead of 11 charged ones (at one look per
                  5 s, 7,920 requests an hour that a 5,000/h budget could not pay for). Only the pages that
                  changed are charged; `total_count` is on every page, so a runner added or removed changes
                  all of them, while a runner going busy or online changes its own page only.
                - GitHub's tags belong to the token: a GitHub App's installation token renewal (hourly) costs
                  one full listing, then 304s resume.
                - Time is not where the gain is: the emulator still renders every page to compute its tag (as
                  GitHub must), so a 304 saves only the transfer and the client's parsing (it reuses the page it
                  kept), which is small next to the noise of a shared machine.
                - The JDK HTTP server writes an answer's headers and body in two writes; with Nagle's algorithm on,
                  the body waits for the client's delayed ACK, ~40 ms per answer on Linux loopback. Before the
                  emulator set `sun.net.httpserver.nodelay=true` the same listing took ~530 ms (median, JDK 17).
                  Any of our servers on `com.sun.net.httpserver` (manager API, other emulators) needs the same.
                """.formatted(OURS, OTHERS, LocalDate.now(), load, WARM_UP, table, first));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** One JDK: prints the first listing's time, then a row for changed and one for unchanged listings. */
    private static void measure(int runs) throws Exception {
        if (WARM_UP + runs > OTHERS) {
            throw new IllegalArgumentException("at most " + (OTHERS - WARM_UP) + " runs: each replaces one original runner");
        }
        try (GitHubEmulator emulator = GitHubEmulator.builder().start()) {
            emulator.addToken(TOKEN).addRepository("octo", "repo").rateLimit("core", 1_000_000, Duration.ofHours(1));
            // The other unit's runners come first, so replacing its oldest shifts every page.
            Deque<Long> others = new ArrayDeque<>();
            for (int i = 0; i < OTHERS; i++) {
                others.add(emulator.registerRunner("octo/repo", InstanceName.generate("bench-1").value(),
                        List.of("x64")).id());
            }
            for (int i = 0; i < OURS; i++) {
                emulator.registerRunner("octo/repo", InstanceName.generate("bench-0").value(), List.of("self-hosted", "x64"));
            }
            GitHubClient client = GitHubClient.create(new GitHubTarget(emulator.url(),
                    GitHubPath.repository("octo", "repo"),
                    GitHubAuth.token(Secret.of(TOKEN))), "bench-0", GitHubClientOptions.defaults());

            long start = System.nanoTime();
            int returned = client.runnerListing().runners().size();
            double first = (System.nanoTime() - start) / 1e6;
            for (int i = 0; i < WARM_UP; i++) {
                replaceOldestOther(emulator, client, others);
                client.runnerListing();
                client.runnerListing();
            }
            Series changed = new Series();
            Series unchanged = new Series();
            for (int i = 0; i < runs; i++) {
                replaceOldestOther(emulator, client, others);
                changed.measure(emulator, client, true);
                unchanged.measure(emulator, client, false);
            }
            if (returned != OURS) {
                throw new IllegalStateException("unexpected listing: " + returned + " runners");
            }
            System.out.printf("%.0f ms%n", first);
            System.out.println(changed.row("changed", runs));
            System.out.println(unchanged.row("unchanged", runs));
        }
    }

    /** Removes the other unit's oldest runner (the first of page 1) and adds one at the end: every page shifts by one. */
    private static void replaceOldestOther(GitHubEmulator emulator, GitHubClient client, Deque<Long> others)
            throws Exception {
        client.deleteRunner(others.removeFirst());
        others.addLast(emulator.registerRunner("octo/repo", InstanceName.generate("bench-1").value(), List.of("x64")).id());
    }

    /** Listings of one kind: times, requests and statuses per listing, budget used in all. */
    private static final class Series {
        final List<Double> times = new ArrayList<>();
        final List<Long> requests = new ArrayList<>();
        final List<Long> charged = new ArrayList<>();
        final List<Long> free = new ArrayList<>();
        long budget;

        void measure(GitHubEmulator emulator, GitHubClient client, boolean expectChange) throws Exception {
            long before = used(client);
            emulator.clearRequests();
            long begin = System.nanoTime();
            RunnerListing listing = client.runnerListing();
            times.add((System.nanoTime() - begin) / 1e6);
            List<LoggedRequest> log = emulator.requests().stream().filter(r -> r.path().equals(RUNNERS)).toList();
            requests.add((long) log.size());
            charged.add(log.stream().filter(r -> r.status() == 200).count());
            free.add(log.stream().filter(r -> r.status() == 304).count());
            budget += used(client) - before;
            if (listing.runners().size() != OURS || listing.free() == expectChange) {
                throw new IllegalStateException("unexpected listing: " + listing.runners().size() + " runners, "
                        + listing.notModifiedPages() + " of " + listing.pages() + " pages not modified");
            }
        }

        private static long used(GitHubClient client) throws Exception {
            var core = client.fetchRateLimit().core().orElseThrow();
            return core.limit() - core.remaining();
        }

        String row(String fleet, int runs) {
            return String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %s | %s | %s | %d | %d |", fleet,
                    PerformanceDoc.median(times), times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    times.stream().mapToDouble(Double::doubleValue).max().orElse(0), same(requests), same(charged),
                    same(free), budget, runs);
        }

        private static String same(List<Long> values) {
            long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
            return min == max ? String.valueOf(min) : min + "-" + max;
        }
    }
}
