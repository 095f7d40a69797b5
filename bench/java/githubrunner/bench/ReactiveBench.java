package githubrunner.bench;

import githubrunner.charm.service.ManagerService;
import githubrunner.manager.ManagerProcess;
import githubrunner.manager.ReactiveFleet;
import githubrunner.sim.github.JobView;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.sim.openstack.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/reactive: a queue message to the server-create request it causes, through a real manager
 * process with its two consumer processes (production defaults: claims every second while the
 * queue is empty) against mongo-java-server and the emulators.
 * <ol>
 *   <li>Latency: one message at a time, as the router publishes it, for a job queued in GitHub.
 *       Three times per message: its insert, the consumer's job lookup (GET of the job, as the
 *       GitHub emulator logged its arrival) and the server create (as the OpenStack emulator logged
 *       it). The goal, p99 ≤ 100 ms, is for lookup → create: what this code adds to the job lookup.</li>
 *   <li>Throughput: a burst of messages inserted at once; jobs per second until every one has its
 *       server-create request.</li>
 * </ol>
 * Usage: {@code bench/run ReactiveBench [messages] [burst]} (defaults 30, 50: with the 3 warm-ups under the
 * emulated project's quota of 100 keypairs, Nova's default).
 */
public final class ReactiveBench {
    private static final Path MANAGER_JAR = Path.of(System.getProperty("charm.jar", "target/github-runner.jar"));
    private static final Duration WAIT = Duration.ofMinutes(3);

    record Sample(Duration total, Duration afterLookup) {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path root = Files.createTempDirectory("reactive-bench");
        List<Sample> samples = new ArrayList<>();
        double jobsPerSecond;
        long rssKiB;
        try (ReactiveFleet fleet = new ReactiveFleet();
             ManagerProcess manager = ManagerProcess.start(root, fleet.config(0, 0, 0, null), MANAGER_JAR,
                     ManagerService.JVM_OPTIONS)) {
            // Nova's default of 100 key pairs would stop the runs at 100 runners (one keypair per VM).
            fleet.emulators.openstack.setQuotas(new githubrunner.sim.openstack.Quotas(-1, -1, -1, -1));
            manager.await("two consumers", WAIT, () -> ReactiveFleet.consumers(manager.pid()).size() == 2);
            for (int i = 0; i < 3 + messages; i++) { // the first 3 warm up
                Sample sample = one(fleet, manager);
                if (i >= 3) {
                    samples.add(sample);
                }
            }
            jobsPerSecond = burst(fleet, manager, burst);
            rssKiB = ReactiveFleet.consumers(manager.pid()).stream().mapToLong(ReactiveBench::rssKiB).max().orElse(-1);
        }
        List<Double> totals = samples.stream().map(s -> s.total().toNanos() / 1e6).toList();
        List<Double> after = samples.stream().map(s -> s.afterLookup().toNanos() / 1e6).toList();
        String result = """
                ## Reactive path (bench/run ReactiveBench)

                `bench/run ReactiveBench` on %s: a manager process (JDK %s, its systemd unit's JVM options)
                with its two consumer processes at the production defaults (a claim every second while the
                queue is empty, 30 s leases), mongo-java-server 1.47.0 over TCP, the GitHub and OpenStack
                emulators; base 0, no max. 2-core shared machine.

                **One message at a time** (%d, after 3 to warm up), for a job queued in GitHub: from the
                message's insert, and from the consumer's job lookup, to the server-create request it causes
                (arrival times as the emulators logged them):

                | from | p50 | p99 | max |
                |---|---|---|---|
                | the insert | %.0f ms | %.0f ms | %.0f ms |
                | the job lookup | %.0f ms | %.0f ms | %.0f ms |

                Goal: p99 ≤ 100 ms beyond the job lookup: %s. From the insert, the wait for the next claim
                (up to a second on an idle queue) comes first.

                **A burst of %d messages** inserted at once: %.1f jobs/s until each had its server-create
                request. Consumer RSS afterwards: %d MiB (largest of the two; budget 96 MiB).
                """.formatted(LocalDate.now(), Runtime.version().feature(), samples.size(),
                PerformanceDoc.percentile(totals, 50), PerformanceDoc.percentile(totals, 99),
                PerformanceDoc.percentile(totals, 100), PerformanceDoc.percentile(after, 50),
                PerformanceDoc.percentile(after, 99), PerformanceDoc.percentile(after, 100),
                PerformanceDoc.percentile(after, 99) <= 100 ? "met" : "not met", burst, jobsPerSecond,
                rssKiB / 1024);
        System.out.println(result);
        PerformanceDoc.replaceSection("reactive", result);
    }

    /** One job and its message; waits for the create it causes and times it. */
    private static Sample one(ReactiveFleet fleet, ManagerProcess manager) throws Exception {
        int creates = serverCreates(fleet).size();
        JobView job = fleet.queueJob(Duration.ofMinutes(30));
        Instant published = Instant.now();
        fleet.publish(fleet.body(job.id()));
        manager.await("the job's server create", WAIT, () -> serverCreates(fleet).size() > creates);
        Instant created = serverCreates(fleet).get(creates).at();
        Instant lookedUp = fleet.emulators.github.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/actions/jobs/" + job.id()))
                .map(LoggedRequest::at).min(Instant::compareTo).orElseThrow(() -> new IllegalStateException("no lookup of job "
                        + job.id() + " in " + fleet.emulators.github.requests().stream().map(r -> r.method() + " " + r.path())
                        .filter(r -> !r.contains("/runners")).toList()));
        return new Sample(Duration.between(published, created), Duration.between(lookedUp, created));
    }

    private static double burst(ReactiveFleet fleet, ManagerProcess manager, int count) throws Exception {
        int creates = serverCreates(fleet).size();
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(fleet.queueJob(Duration.ofMinutes(30)).id());
        }
        Instant start = Instant.now();
        for (long job : jobs) {
            fleet.publish(fleet.body(job));
        }
        manager.await(count + " server creates", WAIT, () -> serverCreates(fleet).size() >= creates + count);
        Instant last = serverCreates(fleet).get(creates + count - 1).at();
        return count / (Duration.between(start, last).toNanos() / 1e9);
    }

    private static List<RecordedRequest> serverCreates(ReactiveFleet fleet) {
        return fleet.emulators.openstack.requests().matching("POST", ".*/servers");
    }

    private static long rssKiB(ProcessHandle process) {
        try {
            return ManagerProcess.rssKiB(process.pid());
        } catch (java.io.IOException gone) {
            return -1; // exited meanwhile
        }
    }
}
