package githubrunner.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/fault-sweep: {@code github-runner simulate} (defaults otherwise) at fault rates 0, 0.1,
 * 0.2, 0.3 and 0.4 with seed 1, then seeds 2-5 at 0.3: jobs run, queue time p50/p95, API calls per
 * hour, VMs left after stop, exit code. Each run is the real command as a process, its summary
 * parsed. Usage: {@code bench/run FaultSweepBench [jar]}.
 */
public final class FaultSweepBench {
    private static final Pattern JOBS = Pattern.compile("jobs: (\\d+) queued, (\\d+) completed");
    private static final Pattern QUEUE = Pattern.compile("queue time: median (.+?), p95 (.+?), max");
    private static final Pattern WALL = Pattern.compile("Summary \\(([0-9.]+)s wall time\\)");
    private static final Pattern VMS = Pattern.compile("(\\d+) VMs left after stop");
    private static final Pattern CALLS = Pattern.compile("API calls: GitHub (\\d+) .*OpenStack (\\d+)");

    record Run(double faultRate, int seed, int exit, int queued, int completed, String p50, String p95, double wallSeconds,
               long githubCalls, long openstackCalls, int vmsLeft) {
        String row() {
            return String.format("| %.1f | %d | %d of %d | %s | %s | %.0f | %.0f | %d | %d |", faultRate, seed, completed, queued,
                    p50, p95, githubCalls * 3600 / wallSeconds, openstackCalls * 3600 / wallSeconds, vmsLeft, exit);
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/github-runner.jar");
        List<Run> runs = new ArrayList<>();
        for (double rate : new double[] {0, 0.1, 0.2, 0.3, 0.4}) {
            runs.add(simulate(jar, rate, 1));
        }
        for (int seed = 2; seed <= 5; seed++) {
            runs.add(simulate(jar, 0.3, seed));
        }
        StringBuilder table = new StringBuilder();
        for (Run run : runs) {
            System.out.println(run);
            table.append(run.row()).append('\n');
        }
        PerformanceDoc.replaceSection("fault-sweep", """
                ## Simulation under faults (bench/run FaultSweepBench)

                `bench/run FaultSweepBench` on %s: `github-runner simulate --no-live --fault-rate P --seed S`
                as a process (defaults otherwise: base 3, 12 jobs of 5 s over 40 s, VM boot 2 s; the fault
                rate is the share of GitHub and OpenStack API requests answered 5xx), JDK %s, 2-core shared
                machine, one run each. Calls per hour are the run's calls over its wall time; "VMs left" is
                counted in the OpenStack emulator after the stop hook.

                | fault rate | seed | jobs run | queue p50 | queue p95 | GitHub calls/h | OpenStack calls/h | VMs left | exit |
                |---|---|---|---|---|---|---|---|---|
                %s
                Queue times count jobs never taken at their age at the end ("at least").
                """.formatted(LocalDate.now(), Runtime.version().feature(), table));
    }

    static Run simulate(Path jar, double rate, int seed) throws IOException, InterruptedException {
        Path log = Files.createTempFile("fault-sweep", ".log");
        try {
            Process process = new ProcessBuilder("java", "-jar", jar.toString(), "simulate", "--no-live",
                    "--fault-rate", Double.toString(rate), "--seed", Integer.toString(seed))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("simulate at " + rate + " seed " + seed + " did not end in 15 min");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String summary = out.substring(Math.max(0, out.lastIndexOf("Summary (")));
            Matcher jobs = find(JOBS, summary, out);
            Matcher queue = find(QUEUE, summary, out);
            Matcher calls = find(CALLS, summary, out);
            return new Run(rate, seed, process.exitValue(), Integer.parseInt(jobs.group(1)), Integer.parseInt(jobs.group(2)),
                    queue.group(1), queue.group(2), Double.parseDouble(find(WALL, summary, out).group(1)),
                    Long.parseLong(calls.group(1)), Long.parseLong(calls.group(2)),
                    Integer.parseInt(find(VMS, summary, out).group(1)));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Matcher find(Pattern pattern, String summary, String output) {
        Matcher m = pattern.matcher(summary);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in the summary:\n" + output);
        }
        return m;
    }
}
