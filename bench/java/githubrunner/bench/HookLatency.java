package githubrunner.bench;

import githubrunner.common.Secret;
import githubrunner.manager.http.Answer;
import githubrunner.manager.http.ManagerHttpApi;
import githubrunner.manager.http.Routes;
import githubrunner.sim.juju.CharmArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/hook-latency: wall time of the packed charm's {@code update-status} hook, from exec of
 * {@code dispatch} to exit, with and without the class-data archive made at install, per JDK.
 *
 * <p>Hook tools are instant shell stubs, standing in for Juju's jujuc (a small Go client that
 * talks to the unit agent over a socket), so the figure is the charm's own cost: JVM start,
 * reading the last status, one status-set. Runs with and without the archive are interleaved so
 * that machine noise hits both alike.
 *
 * <p>Usage: {@code bench/run HookLatency [runs]} (default 15 per variant).
 */
public final class HookLatency {
    private static final List<String> TOOLS = List.of("status-set", "juju-log", "config-get", "state-get",
            "application-version-set", "relation-ids", "is-leader");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path charm = Path.of("target/github-runner.charm");
        Map<String, Path> jdks = new LinkedHashMap<>();
        jdks.put("OpenJDK 17", Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
        jdks.put("Temurin 25", Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        StringBuilder table = new StringBuilder("| JDK | unit | archive | median | min | max | runs |\n|---|---|---|---|---|---|---|\n");
        for (var jdk : jdks.entrySet()) {
            if (!Files.isExecutable(jdk.getValue().resolve("bin/java"))) {
                System.out.println(jdk.getKey() + ": not installed, skipped");
                continue;
            }
            for (boolean configured : new boolean[] {false, true}) {
                Result result = measure(charm, jdk.getValue(), runs, configured);
                String unit = configured ? "configured (asks the manager)" : "not configured";
                System.out.printf("%s, %s: with archive %s median %.0f ms, without %.0f ms (ratio %.2f)%n", jdk.getKey(), unit,
                        result.archive, PerformanceDoc.median(result.with), PerformanceDoc.median(result.without),
                        PerformanceDoc.median(result.without) / PerformanceDoc.median(result.with));
                table.append(row(jdk.getKey(), unit, result.archive, result.with))
                        .append(row(jdk.getKey(), unit, "none", result.without));
            }
        }
        PerformanceDoc.replaceSection("hook-latency", """
                ## Hook latency (bench/hook-latency)

                `update-status` of the packed charm, wall time from exec of `dispatch` to exit, measured by
                `bench/run HookLatency` on %s (2-core shared machine; runs with and without the class-data
                archive interleaved). Hook tools are instant shell stubs standing in for Juju's jujuc, so this
                is the charm's own cost: JVM start-up, reading the last configuration outcome, on a configured
                unit reading the API token and one HTTP call to the manager's `/status/juju` (the manager's
                Jetty server with the bearer-token check, a fixed status behind it), one `status-set`.
                Target: ≤ 150 ms median with the archive.

                %s
                """.formatted(LocalDate.now(), table));
    }

    record Result(String archive, List<Double> with, List<Double> without) {}

    private static String row(String jdk, String unit, String archive, List<Double> millis) {
        return String.format("| %s | %s | %s | %.0f ms | %.0f ms | %.0f ms | %d |%n", jdk, unit, archive, PerformanceDoc.median(millis),
                millis.stream().mapToDouble(d -> d).min().orElse(0), millis.stream().mapToDouble(d -> d).max().orElse(0),
                millis.size());
    }

    /**
     * @param configured the unit's last configuration succeeded and its manager answers (a stand-in
     *     HTTP server here), so update-status asks the manager for the status, as on a live unit
     */
    private static Result measure(Path charm, Path jdk, int runs, boolean configured) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hook-latency");
        Path charmDir = dir.resolve("charm");
        CharmArchive.unpack(charm, charmDir);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));
        for (String tool : TOOLS) {
            script(bin.resolve(tool), "exit 0");
        }
        Path statusLog = dir.resolve("status-set.log");
        script(bin.resolve("status-set"), "echo \"$*\" > " + statusLog);
        for (String command : List.of("useradd", "chown")) {
            script(bin.resolve(command), "exit 0");
        }
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "JUJU_CHARM_DIR", charmDir.toString(),
                "JUJU_UNIT_NAME", "github-runner/0", "JUJU_CONTEXT_ID", "bench", "GITHUB_RUNNER_ROOT",
                dir.resolve("root").toString(), "LANG", "C.UTF-8");
        if (run(charmDir, env, "hooks/install") != 0) {
            throw new IllegalStateException("install failed in " + dir);
        }
        Path archive;
        try (var files = Files.list(charmDir.resolve(".jvm"))) {
            archive = files.findFirst().orElseThrow(() -> new IllegalStateException("install made no archive"));
        }
        ManagerHttpApi manager = null;
        if (configured) {
            Secret token = Secret.of("bench-token-0123456789abcdefghijklmnopqrstu");
            manager = standInManager(token);
            Path state = Files.createDirectories(dir.resolve("root/var/lib/github-runner-manager/github-runner-0"));
            Files.writeString(state.resolve("http_port"), Integer.toString(manager.port()));
            Files.writeString(state.resolve("api-token"), token.reveal());
            Files.writeString(state.resolve("charm-status"), "active\n");
        }
        Path aside = dir.resolve("archive-aside");
        for (int i = 0; i < 3; i++) {
            run(charmDir, env, "hooks/update-status");   // warm the page cache
        }
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            with.add(timed(charmDir, env));
            Files.move(archive, aside);
            without.add(timed(charmDir, env));
            Files.move(aside, archive);
        }
        if (manager != null) {
            manager.close();
            // The configured runs must have taken the real path: token read, request accepted.
            String status = Files.readString(statusLog);
            if (!status.contains("2 idle, 1 busy, 3 expected")) {
                throw new IllegalStateException("update-status did not get the manager's status: " + status);
            }
        }
        return new Result(archive.getFileName().toString().endsWith(".aot") ? "AOT cache" : "AppCDS", with, without);
    }

    /** The manager's real HTTP server (token required, as on a unit) with a fixed status behind it. */
    private static ManagerHttpApi standInManager(Secret token) throws IOException {
        ManagerHttpApi server = new ManagerHttpApi(0, token, new Routes().add("GET", "/status/juju", Routes.Access.TOKEN,
                request -> Answer.text(200, "active\n2 idle, 1 busy, 3 expected")));
        server.start();
        return server;
    }

    private static double timed(Path charmDir, Map<String, String> env) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int exit = run(charmDir, env, "hooks/update-status");
        double millis = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("update-status exited " + exit);
        }
        return millis;
    }

    private static int run(Path charmDir, Map<String, String> env, String event) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(charmDir.resolve("dispatch").toString()).directory(charmDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("JUJU_DISPATCH_PATH", event);
        return builder.start().waitFor();
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
