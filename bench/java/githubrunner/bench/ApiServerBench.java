package githubrunner.bench;

import githubrunner.charm.service.ManagerService;
import githubrunner.manager.Emulators;
import githubrunner.manager.ManagerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/run ApiServerBench BASELINE_JAR [runners] [rounds]: the manager's HTTP server, side by side
 * with an earlier build (the JDK {@code HttpServer} one, e.g. commit e8e7f44). For each build, in
 * alternating order: the manager as its systemd unit runs it, at N seeded idle runners, after a
 * full reconcile and 5 checks: its RSS; {@code /health} round trips as the charm makes them; the
 * same with 50 slowloris connections open, and its RSS then.
 */
public final class ApiServerBench {
    private static final List<String> SYSTEMD_JVM = ManagerService.JVM_OPTIONS;
    private static final int HEALTH_TIMEOUT_MS = 2000;   // the charm's isHealthy()

    record Run(long rssKiB, double healthMillis, int answeredUnderSlowloris, int asked, double slowHealthMillis,
               long rssSlowKiB) {}

    public static void main(String[] args) throws Exception {
        Path baseline = Path.of(args[0]);
        int runners = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Map<String, Path> builds = new LinkedHashMap<>();
        builds.put("JDK HttpServer (" + baseline.getFileName() + ")", baseline);
        builds.put("Jetty 12.1 (this build)", Path.of(System.getProperty("bench.jar", "target/github-runner.jar")));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        builds.keySet().forEach(name -> runs.put(name, new ArrayList<>()));
        Path root = Files.createTempDirectory("api-server-bench");
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(builds.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String name : order) {
                Run run = measure(root.resolve(round + "-" + order.indexOf(name)), builds.get(name), runners);
                System.out.println(name + ": " + run);
                runs.get(name).add(run);
            }
        }
        StringBuilder table = new StringBuilder("| server | RSS at " + runners + " runners | /health | /health with 50 slowloris "
                + "connections | RSS with them |\n|---|---|---|---|---|\n");
        for (var entry : runs.entrySet()) {
            List<Run> r = entry.getValue();
            int answered = r.stream().mapToInt(Run::answeredUnderSlowloris).sum();
            int asked = r.stream().mapToInt(Run::asked).sum();
            List<Double> slow = r.stream().map(Run::slowHealthMillis).filter(m -> m >= 0).toList();
            table.append(String.format("| %s | %d MiB (%s) | %.1f ms | %d of %d answered in %d ms%s | %d MiB |%n", entry.getKey(),
                    (long) PerformanceDoc.median(kib(r, Run::rssKiB)) / 1024, range(kib(r, Run::rssKiB)),
                    PerformanceDoc.median(r.stream().map(Run::healthMillis).toList()), answered, asked, HEALTH_TIMEOUT_MS,
                    slow.isEmpty() ? "" : String.format(", median %.1f ms", PerformanceDoc.median(slow)),
                    (long) PerformanceDoc.median(kib(r, Run::rssSlowKiB)) / 1024));
        }
        System.out.print(table);
        PerformanceDoc.replaceSection("api-server", """
                ## The manager's HTTP server (bench/run ApiServerBench)

                `bench/run ApiServerBench BASELINE_JAR %d %d` on %s: the manager as a real process with
                its systemd options (`%s`, JDK %d), %d seeded idle runners, against the in-process
                emulators on a 2-core machine shared with other builds. Each build ran %d times, alternating which went first;
                medians (RSS range in brackets). RSS is read after a full reconcile and 5 checks. `/health` is
                the charm's HTTP/1.0 round trip (median of 40, 100 ms apart); then 50 connections trickle a
                header byte a second and `/health` is asked 10 more times with the charm's 2 s timeout.

                %s
                The baseline is the build before the change (its `com.sun.net.httpserver` API, 4 threads).
                Read the RSS ranges, not one figure: the same build varies by several MiB from run to run, more
                than the two servers differ. Slow connections cost Jetty no thread; each is closed %s after it
                opened unless its request is whole by then. The JDK server's 4 threads block on them.
                """.formatted(runners, rounds, LocalDate.now(), String.join(" ", SYSTEMD_JVM), Runtime.version().feature(),
                runners, rounds, table, "10 s"));
    }

    private static List<Double> kib(List<Run> runs, java.util.function.ToLongFunction<Run> field) {
        return runs.stream().map(r -> (double) field.applyAsLong(r)).toList();
    }

    private static String range(List<Double> kib) {
        return String.format("%d–%d", (long) kib.stream().mapToDouble(d -> d).min().orElse(0) / 1024,
                (long) kib.stream().mapToDouble(d -> d).max().orElse(0) / 1024);
    }

    private static Run measure(Path root, Path jar, int runners) throws Exception {
        try (Emulators emulators = new Emulators()) {
            ReconcileBench.seedIdleRunners(emulators, "github-runner-0", runners);
            try (ManagerProcess manager = ManagerProcess.start(root, emulators.config("github-runner", 0, runners,
                    ManagerProcess.freePort()), jar, SYSTEMD_JVM)) {
                ReconcileBench.awaitCycle(manager, emulators, "full");
                for (int i = 0; i < 5; i++) {
                    ReconcileBench.awaitCycle(manager, emulators, "check");
                }
                long rss = manager.rssKiB();
                // Spread over several checks, as the charm's requests land at any point of the manager's cycle.
                List<Double> health = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    health.add(health(manager.port()));
                    Thread.sleep(100);
                }
                List<Socket> slow = new ArrayList<>();
                List<Double> slowHealth = new ArrayList<>();
                int asked = 10;
                try {
                    for (int i = 0; i < 50; i++) {
                        Socket socket = connect(manager.port());
                        socket.getOutputStream().write("GET /status HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                        slow.add(socket);
                    }
                    for (int i = 0; i < asked; i++) {
                        for (Socket socket : slow) {
                            try {
                                socket.getOutputStream().write('x');
                            } catch (IOException closed) {
                                // the server dropped it
                            }
                        }
                        double millis = health(manager.port());
                        if (millis >= 0) {
                            slowHealth.add(millis);
                        }
                        Thread.sleep(1000);
                    }
                    long rssSlow = manager.rssKiB();
                    return new Run(rss, PerformanceDoc.median(health), slowHealth.size(), asked,
                            slowHealth.isEmpty() ? -1 : PerformanceDoc.median(slowHealth), rssSlow);
                } finally {
                    for (Socket socket : slow) {
                        socket.close();
                    }
                }
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), HEALTH_TIMEOUT_MS);
        return socket;
    }

    /** The charm's request (charm/LoopbackHttp): milliseconds to the whole answer, or -1 without one in time. */
    private static double health(int port) {
        long start = System.nanoTime();
        try (Socket socket = connect(port)) {
            socket.setSoTimeout(HEALTH_TIMEOUT_MS);
            socket.getOutputStream().write(("GET /health HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 204") ? (System.nanoTime() - start) / 1e6 : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
