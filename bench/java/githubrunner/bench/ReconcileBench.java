package githubrunner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.charm.service.ManagerService;
import githubrunner.common.InstanceName;
import githubrunner.manager.Emulators;
import githubrunner.manager.ManagerProcess;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.openstack.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/reconcile: the runner manager, as a real process against the emulators.
 * <ol>
 *   <li>Steady state with 1,000 runners (seeded online and idle): API calls of a full reconcile
 *       and of a check, their wall time, the manager's RSS.</li>
 *   <li>Creating 200 runners with 50 ms added to every GitHub and OpenStack answer: wall time
 *       from the manager's first API call (and from its start) until all 200 VMs exist.</li>
 * </ol>
 * Usage: {@code bench/run ReconcileBench [runners] [creations]} (defaults 1000, 200).
 */
public final class ReconcileBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MANAGER_JAR = Path.of(System.getProperty("charm.jar", "target/github-runner.jar"));

    public static void main(String[] args) throws Exception {
        int runners = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int creations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = Files.createTempDirectory("reconcile-bench");
        SteadyState steady = steadyState(root.resolve("steady"), runners);
        Creation creation = create(root.resolve("create"), creations);
        System.out.println(steady);
        System.out.println(creation);
        PerformanceDoc.replaceSection("reconcile", """
                ## Reconcile (bench/reconcile)

                `bench/run ReconcileBench` on %s: the manager as a real process (JDK %s,
                `%s` as its systemd unit runs it)
                against the in-process emulators on loopback, 2-core shared machine. Calls are counted by the
                emulators' request logs over whole cycles.

                **Steady state, %d runners** (seeded online and idle, so no runner is created or removed):

                | cycle | GitHub calls | of which runner-list pages | OpenStack calls | per-runner calls | wall time |
                |---|---|---|---|---|---|
                | check | %s | %s | %s | 0 | %s |
                | full reconcile | %s | %s | %s | 0 | %s |

                Check wall time: median of 5 checks; full reconcile: one. Target: ⌈N/100⌉ = %d GitHub list pages,
                one OpenStack server listing (two pages here: Nova follows a full page of 1,000 with an empty
                one), nothing per runner. A full reconcile adds the security-group check and the keypair
                listing of the orphan cleanup. Manager RSS after the cycles: %d MiB.

                **Creating %d runners with 50 ms added to every API answer** (30 in parallel): %.1f s from the
                manager's first API call until all %d VMs existed (%.1f s from its start, JVM start-up
                included), %d ms per runner. Calls made:
                GitHub %d (%.2f per runner: its JIT registration, plus the listings), OpenStack %d (%.2f per
                runner: keypair and server, plus authentication, lookups and listings). The manager makes each
                VM's key itself (ECDSA P-256, about a millisecond) and imports its public half, so the
                emulator no longer generates RSA keys (that set the pace before: 15.2 s for this run).
                Goal ≤ 3 s from the first call: %s.
                """.formatted(LocalDate.now(), Runtime.version().feature(), String.join(" ", ManagerService.JVM_OPTIONS),
                runners,
                steady.check.github, steady.check.githubPages, steady.check.openstack, millis(steady.check.wall),
                steady.full.github, steady.full.githubPages, steady.full.openstack, millis(steady.full.wall),
                (runners + 99) / 100, steady.rssKiB / 1024, creations, creation.fromFirstCall.toMillis() / 1000.0, creations,
                creation.wall.toMillis() / 1000.0, creation.fromFirstCall.toMillis() / Math.max(1, creations),
                creation.githubCalls, creation.githubCalls / (double) creations, creation.openstackCalls,
                creation.openstackCalls / (double) creations, creation.fromFirstCall.toMillis() <= 3000 ? "met" : "not met"));
    }

    static List<String> jvm() {
        List<String> options = new ArrayList<>(ManagerService.JVM_OPTIONS);
        if (System.getenv("JFR") != null) {
            options.add("-XX:StartFlightRecording=filename=" + System.getenv("JFR") + ",settings=profile");
        }
        return options;
    }

    record Cycle(long github, long githubPages, long openstack, Duration wall) {}

    record SteadyState(Cycle check, Cycle full, long rssKiB) {}

    record Creation(Duration wall, Duration fromFirstCall, long githubCalls, long openstackCalls) {}

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** Seeds N online runners with their VMs, starts the manager, measures one full reconcile and the next checks. */
    private static SteadyState steadyState(Path root, int count) throws Exception {
        try (Emulators emulators = new Emulators()) {
            seedIdleRunners(emulators, "github-runner-0", count);
            try (ManagerProcess manager = ManagerProcess.start(root, emulators.config("github-runner", 0, count,
                    ManagerProcess.freePort()), MANAGER_JAR, ManagerService.JVM_OPTIONS)) {
                Cycle full = awaitCycle(manager, emulators, "full");
                List<Cycle> checks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    checks.add(awaitCycle(manager, emulators, "check"));
                }
                Cycle check = new Cycle(checks.get(0).github, checks.get(0).githubPages, checks.get(0).openstack,
                        Duration.ofMillis((long) PerformanceDoc.median(checks.stream().map(c -> (double) c.wall.toMillis()).toList())));
                return new SteadyState(check, full, manager.rssKiB());
            }
        }
    }

    /** N runners online and idle, with their ACTIVE VMs, as a manager of unit {@code prefix} left them. */
    static void seedIdleRunners(Emulators emulators, String prefix, int count) throws Exception {
        emulators.openstack.setQuotas(new githubrunner.sim.openstack.Quotas(-1, -1, -1, -1));
        HttpClient http = HttpClient.newHttpClient();
        String jitPath = emulators.github.url() + "/repos/" + Emulators.OWNER + "/" + Emulators.REPO
                + "/actions/runners/generate-jitconfig";
        for (int i = 0; i < count; i++) {
            String name = InstanceName.generate(prefix).value();
            HttpResponse<String> jit = http.send(HttpRequest.newBuilder(URI.create(jitPath))
                    .header("Authorization", "token " + Emulators.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name,
                            "runner_group_id", 1, "labels", List.of("x64"))))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(jit.body());
            emulators.github.agentStarted(body.path("encoded_jit_config").asText());
            emulators.openstack.addServer(name, Map.of("runner_id", body.path("runner").path("id").asText()),
                    Instant.now(), "ACTIVE");
        }
        emulators.github.agentOnlineDelay(Duration.ZERO);
        Thread.sleep(500);
    }

    /** Waits for the next cycle of this kind to end and counts the calls made within its time window. */
    static Cycle awaitCycle(ManagerProcess manager, Emulators emulators, String kind) throws Exception {
        String previous = lastAt(manager);
        manager.await("a " + kind + " cycle", Duration.ofMinutes(3), () -> {
            try {
                JsonNode last = manager.get("/status").path("last_reconcile");
                return !last.path("at").asText().equals(previous) && last.path("kind").asText().equals(kind);
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode last = manager.get("/status").path("last_reconcile");
        Instant from = Instant.parse(last.path("at").asText()).minusMillis(20);
        Duration wall = Duration.parse(last.path("duration").asText());
        Instant to = from.plus(wall).plusMillis(40);
        // Cycles are at least a second apart, so this window holds this cycle's calls and no other's.
        var github = emulators.github.requests().stream().filter(r -> !r.at().isBefore(from) && r.at().isBefore(to)).toList();
        long pages = github.stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/actions/runners")).count();
        long openstack = emulators.openstack.requests().all().stream()
                .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to)).count();
        return new Cycle(github.size(), pages, openstack, wall);
    }

    private static String lastAt(ManagerProcess manager) {
        try {
            return manager.get("/status").path("last_reconcile").path("at").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    /** A manager creating N runners while every API answer takes 50 ms longer. */
    private static Creation create(Path root, int count) throws Exception {
        try (Emulators emulators = new Emulators(java.time.Clock.systemUTC(), 1024)) {
            // Nova's default of 100 key pairs would stop a unit at 100 runners (one keypair per VM).
            emulators.openstack.setQuotas(new githubrunner.sim.openstack.Quotas(-1, -1, -1, -1));
            emulators.github.addFault(new FaultRule("*", "/repos/.*", 1, new FaultRule.Delay(Duration.ofMillis(50)), -1));
            emulators.openstack.faults().add(githubrunner.sim.openstack.FaultRule.on("*", ".*")
                    .inject(Fault.delay(Duration.ofMillis(50))));
            Instant start = Instant.now();
            try (ManagerProcess manager = ManagerProcess.start(root, emulators.config("github-runner", 0, count,
                    ManagerProcess.freePort()), MANAGER_JAR, jvm())) {
                manager.await(count + " VMs", Duration.ofMinutes(10), () -> emulators.openstack.servers().size() >= count);
                // Times from the emulators' own records, not from this loop's polling.
                Instant lastCreated = emulators.openstack.servers().stream().map(s -> s.createdAt())
                        .max(Instant::compareTo).orElseThrow();
                Instant firstCall = java.util.stream.Stream.concat(
                        emulators.github.requests().stream().map(r -> r.at()),
                        emulators.openstack.requests().all().stream().map(r -> r.at())).min(Instant::compareTo).orElseThrow();
                if (System.getenv("TIMELINE") != null) {
                    List<String> lines = new ArrayList<>();
                    emulators.github.requests().forEach(r -> lines.add(Duration.between(firstCall, r.at()).toMillis() + " GH " + r.method() + " " + r.path() + " " + r.status()));
                    emulators.openstack.requests().all().forEach(r -> lines.add(Duration.between(firstCall, r.at()).toMillis() + " OS " + r.method() + " " + r.path() + " " + r.status()));
                    lines.sort(java.util.Comparator.comparingLong(l -> Long.parseLong(l.split(" ")[0])));
                    Files.write(Path.of(System.getenv("TIMELINE")), lines);
                }
                return new Creation(Duration.between(start, lastCreated), Duration.between(firstCall, lastCreated),
                        emulators.github.requests().size(), emulators.openstack.requests().size());
            }
        }
    }
}
