package githubrunner.bench;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.common.Secret;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/openstack-list: the OpenStack client listing 1,000 of its servers from the emulator
 * ({@code OpenStackCloud.listServers()}: HTTP over loopback, JSON parsing, strict name parsing,
 * duplicate check). Reports HTTP calls per list and wall time per list (median of the timed
 * runs after warm-up), per JDK and per Nova page size (osapi_max_limit).
 *
 * <p>Each JDK runs in its own child JVM ({@code --measure}); the parent writes the table into
 * docs/PERFORMANCE.md. Usage: {@code bench/run OpenStackList [runs]} (default 15).
 */
public final class OpenStackList {
    private static final int SERVERS = 1000;
    private static final int OTHER_UNITS_SERVERS = 500;
    private static final int WARMUP = 5;
    private static final String PREFIX = "bench-0";

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        rest.remove("OpenStackList"); // bench/run passes the name along
        if (!rest.isEmpty() && rest.get(0).equals("--measure")) {
            measure(Integer.parseInt(rest.get(1)), Integer.parseInt(rest.get(2)));
            return;
        }
        int runs = rest.isEmpty() ? 15 : Integer.parseInt(rest.get(0));
        Map<String, Path> jdks = new LinkedHashMap<>();
        jdks.put("OpenJDK 17", Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
        jdks.put("Temurin 25", Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        StringBuilder table = new StringBuilder(
                "| JDK | Nova page size | HTTP calls per list | median | min | max | first list (cold, with auth) | runs |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        String payload = "";
        for (var jdk : jdks.entrySet()) {
            Path java = jdk.getValue().resolve("bin/java");
            if (!Files.isExecutable(java)) {
                System.out.println(jdk.getKey() + ": not installed, skipped");
                continue;
            }
            for (int pageSize : new int[] {1000, 100}) {
                Map<String, String> result = child(java, pageSize, runs);
                System.out.printf("%s, page size %d: %s%n", jdk.getKey(), pageSize, result);
                table.append("| ").append(jdk.getKey()).append(" | ").append(pageSize).append(" | ")
                        .append(result.get("calls")).append(" | ").append(result.get("median")).append(" ms | ")
                        .append(result.get("min")).append(" ms | ").append(result.get("max")).append(" ms | ")
                        .append(result.get("cold")).append(" ms | ").append(runs).append(" |\n");
                if (pageSize == 1000) {
                    payload = result.get("payloadKiB");
                }
            }
        }
        PerformanceDoc.replaceSection("openstack-client", """
                ## OpenStack client

                `OpenStackCloud.listServers()` listing %d servers of its unit (among %d in the project) from
                the OpenStack emulator over loopback HTTP, measured by `bench/run OpenStackList` on %s
                (2-core machine shared with other builds, so expect noise). Emulator and client share one JVM,
                so the time includes the emulator rendering the JSON; each JDK runs in its own. Wall time per
                list call: %d warm-up lists, then the timed runs. The client asks Nova for `name=^<prefix>-` and follows
                `servers_links`; with Nova's default page size (1000) a full page of exactly 1000 costs a second,
                empty page. One list answer for 1000
                servers is about %s KiB of JSON. openstack4j's okhttp connector opens a new connection per
                request (no pooling): the page-size-100 rows show what ten more, smaller requests cost.

                %s""".formatted(SERVERS, SERVERS + OTHER_UNITS_SERVERS, LocalDate.now(), WARMUP, payload, table));
    }

    private static Map<String, String> child(Path java, int pageSize, int runs) throws Exception {
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dgithubrunner.log.level=WARN", OpenStackList.class.getName(), "--measure", String.valueOf(pageSize),
                String.valueOf(runs)).redirectErrorStream(true).start();
        Map<String, String> result = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        result.put(kv[0], kv[1]);
                    }
                } else {
                    System.out.println("  " + line);
                }
            }
        }
        if (process.waitFor() != 0 || result.isEmpty()) {
            throw new IllegalStateException("measurement on " + java + " failed");
        }
        return result;
    }

    /** In the child JVM: one emulator, one client, timed lists. */
    private static void measure(int pageSize, int runs) throws Exception {
        Path keys = Files.createTempDirectory("bench-keys");
        try (OpenStackEmulator sim = OpenStackEmulator.builder().maxListLimit(pageSize).start()) {
            Instant now = Instant.now();
            for (int i = 0; i < SERVERS; i++) {
                sim.addServer(String.format("%s-%012x", PREFIX, i), Map.of("platform_name", "github",
                        "runner_id", String.valueOf(i), "prefix", PREFIX), now.minusSeconds(i));
            }
            for (int i = 0; i < OTHER_UNITS_SERVERS; i++) {
                sim.addServer(String.format("bench-1-%012x", i), Map.of(), now.minusSeconds(i));
            }
            OpenStackTarget config = new OpenStackTarget(sim.keystoneUrl(), sim.username(),
                    Secret.of("emulated-password"), sim.projectName(), "Default", "Default", sim.region(),
                    "external-network", "m1.small");
            OpenStackCloud cloud = new OpenStackCloud(config, PREFIX, keys, OpenStackOptions.defaults());

            long coldStart = System.nanoTime();
            check(cloud.listServers());
            double cold = (System.nanoTime() - coldStart) / 1e6;
            for (int i = 0; i < WARMUP; i++) {
                check(cloud.listServers());
            }
            List<Double> times = new ArrayList<>();
            int before = sim.requests().count("GET", "/compute/v2\\.1/servers/detail");
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                check(cloud.listServers());
                times.add((System.nanoTime() - start) / 1e6);
            }
            int calls = (sim.requests().count("GET", "/compute/v2\\.1/servers/detail") - before) / runs;
            System.out.printf("RESULT calls=%d median=%.1f min=%.1f max=%.1f cold=%.0f payloadKiB=%d%n", calls,
                    PerformanceDoc.median(times), times.stream().mapToDouble(d -> d).min().orElseThrow(),
                    times.stream().mapToDouble(d -> d).max().orElseThrow(), cold, payloadKiB(sim));
        }
    }

    private static void check(List<CloudServer> servers) {
        if (servers.size() != SERVERS) {
            throw new IllegalStateException("listed " + servers.size() + " servers, expected " + SERVERS);
        }
    }

    /** Size of one full answer for our servers, as the client receives it. */
    private static long payloadKiB(OpenStackEmulator sim) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "emulated-password"}}},
                 "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}"""
                .formatted(sim.username(), sim.projectName());
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(sim.keystoneUrl() + "/auth/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString(auth)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> list = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/compute/v2.1/servers/detail?limit=1000&name=%5E" + PREFIX + "-"))
                .header("X-Auth-Token", token.headers().firstValue("X-Subject-Token").orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return list.body().length / 1024;
    }
}
