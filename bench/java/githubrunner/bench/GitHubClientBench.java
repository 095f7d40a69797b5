package githubrunner.bench;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubRunner;
import githubrunner.github.GitHubTarget;
import githubrunner.sim.github.GitHubEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/run GitHubClientBench: the GitHub client listing 1,000 runners of its unit from the GitHub
 * emulator (plus 100 of another unit, filtered out) over loopback HTTP: requests made and wall
 * time per listing. Each JDK runs in its own JVM; the first listing of a fresh JVM is reported
 * apart from the warm ones.
 *
 * <p>Usage: {@code bench/run GitHubClientBench [runs]} (default 25 warm listings per JDK).
 */
public final class GitHubClientBench {
    private static final int OURS = 1000;
    private static final int OTHERS = 100;
    private static final int WARM_UP = 10;
    private static final String TOKEN = "ghp_bench_token";

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
                "| JDK | first listing (fresh JVM) | warm median | min | max | HTTP requests per listing | runners returned | runs |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (var jdk : jdks.entrySet()) {
            Path java = jdk.getValue().resolve("bin/java");
            if (!Files.isExecutable(java)) {
                System.out.println(jdk.getKey() + ": not installed, skipped");
                continue;
            }
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    GitHubClientBench.class.getName(), "--measure", String.valueOf(runs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("| ")) {
                        result = line;
                    }
                }
            }
            if (child.waitFor() != 0 || result == null) {
                throw new IllegalStateException(jdk.getKey() + ": the measuring JVM failed");
            }
            System.out.println(jdk.getKey() + " " + result);
            table.append("| ").append(jdk.getKey()).append(' ').append(result).append('\n');
        }
        PerformanceDoc.replaceSection("github-client", """
                ## GitHub client

                `GitHubClient.listRunners()` for a unit with %d runners on a repository that also holds %d runners
                of another unit, against the GitHub emulator on 127.0.0.1 in the same JVM (so the time includes
                the emulator building its JSON). Measured by `bench/run GitHubClientBench` on %s, 2-core machine
                shared with other builds (load average %s at the start); PAT auth, `per_page=100`, %d warm-up
                listings before the measured ones, each JDK in a fresh JVM.

                %s
                One `listRunners()` call makes 11 HTTP requests (counted by the emulator's request log): 11 pages
                of 100 for 1,100 runners, and nothing else (no `/user`, no repository lookup, no retries).

                - The JDK HTTP server writes an answer's headers and body in two writes; with Nagle's algorithm on,
                  the body waits for the client's delayed ACK, ~40 ms per answer on Linux loopback. Before the
                  emulator set `sun.net.httpserver.nodelay=true` the same listing took ~530 ms (median, JDK 17).
                  Any of our servers on `com.sun.net.httpserver` (manager API, other emulators) needs the same.
                - The first listing of a fresh JVM pays for class loading and JIT warm-up of github-api, Jackson
                  and the JDK HTTP client; the manager pays it once per service start.
                """.formatted(OURS, OTHERS, LocalDate.now(), load, WARM_UP, table));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** One JDK: prints {@code | first | median | min | max | requests | runners | runs |}. */
    private static void measure(int runs) throws Exception {
        try (GitHubEmulator emulator = GitHubEmulator.builder().start()) {
            emulator.addToken(TOKEN).addRepository("octo", "repo");
            for (int i = 0; i < OURS; i++) {
                emulator.registerRunner("octo/repo", InstanceName.generate("bench-0").value(), List.of("self-hosted", "x64"));
                if (i % (OURS / OTHERS) == 0) {
                    emulator.registerRunner("octo/repo", InstanceName.generate("bench-1").value(), List.of("x64"));
                }
            }
            GitHubClient client = GitHubClient.create(new GitHubTarget(emulator.url(),
                    GitHubPath.repository("octo", "repo"),
                    GitHubAuth.token(Secret.of(TOKEN))), "bench-0", GitHubClientOptions.defaults());

            long start = System.nanoTime();
            int returned = client.listRunners().size();
            double first = (System.nanoTime() - start) / 1e6;
            for (int i = 0; i < WARM_UP; i++) {
                client.listRunners();
            }
            List<Double> times = new ArrayList<>();
            List<Long> requests = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                emulator.clearRequests();
                long begin = System.nanoTime();
                List<GitHubRunner> runners = client.listRunners();
                times.add((System.nanoTime() - begin) / 1e6);
                requests.add((long) emulator.requests().size());
                if (runners.size() != OURS) {
                    throw new IllegalStateException("listed " + runners.size() + " runners");
                }
            }
            if (returned != OURS || requests.stream().distinct().count() != 1) {
                throw new IllegalStateException("unexpected listing: " + returned + " runners, requests " + requests);
            }
            System.out.printf("| %.0f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d | %d |%n", first,
                    PerformanceDoc.median(times), times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    times.stream().mapToDouble(Double::doubleValue).max().orElse(0), requests.get(0), returned, runs);
        }
    }
}
