package githubrunner.sim.simulate;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobCounts;
import githubrunner.sim.github.JobView;
import githubrunner.sim.juju.JujuLocal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One local deployment built from the real parts, run until its jobs are done: the emulators,
 * the packed charm driven through the Juju emulator, the manager the charm starts, runner agents
 * and a stream of jobs. See {@link SimulationOptions#USAGE}.
 */
final class Simulation implements AutoCloseable {
    static final String TOKEN = "simulated-token-not-a-credential";
    static final String OWNER = "simulated";
    static final String REPO = "project";
    static final List<String> JOB_LABELS = List.of("self-hosted", "linux", "x64");
    /** The prefix of the VM names of unit github-runner/0. */
    static final String UNIT_PREFIX = "github-runner-0";
    /** How long the summary waits for the unit's counts to catch up with the emulators after the last job. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * With --reactive, also how long the queue may take to empty: a consumer looks at a waiting
     * job again after 10 s, then 1.5 times longer each time up to 60 s, so the message of a job
     * taken meanwhile goes at the next look.
     */
    static final Duration REACTIVE_SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** How often, with --reactive, the delivery log is looked at for queued events to redeliver. */
    static final Duration REDELIVERY_INTERVAL = Duration.ofSeconds(10);

    private final SimulationOptions options;
    private final PrintStream out;
    private final GitHubEmulator github;
    private final CloudUnderTest openstack;
    private final RunnerAgents agents;
    private final JujuLocal juju;
    /** The webhook, router and queue of --reactive, else null. */
    private final ReactivePath reactive;
    private final Path workDir;
    private final Instant started = Instant.now();
    private final AtomicInteger queued = new AtomicInteger();
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "simulation");
        thread.setDaemon(true);
        return thread;
    });
    private final RunRecorder recorder;
    private volatile boolean keepWorkDir;
    /** The last update-status result and when it ran. */
    private volatile UnitReading unitStatus = new UnitReading("unknown", "", null);

    Simulation(SimulationOptions options, PrintStream out) throws IOException {
        this.options = options;
        this.out = out;
        this.workDir = options.workDir() != null ? options.workDir() : Files.createTempDirectory("github-runner-simulate");
        github = GitHubEmulator.builder().seed(options.seed()).start().addToken(TOKEN).addRepository(OWNER, REPO)
                .agentOnlineDelay(Duration.ofSeconds(1));
        openstack = options.cloud().given() ? GivenCloud.open(options.cloud()) : EmulatedCloud.start(options);
        if (options.faultRate() > 0) {
            github.addFault(new FaultRule("*", "/(repos|orgs)/.*", options.faultRate(),
                    FaultRule.status("*", ".*", 503).action(), -1));
        }
        agents = openstack.wireAgents(github, UNIT_PREFIX);
        juju = JujuLocal.create(workDir.resolve("unit"), options.charm(), "github-runner/0", true);
        // The manager reaches each emulated VM's SSH at <its 127.x address>:<this port> for its metrics files.
        openstack.emulator().ifPresent(emulator ->
                juju.setModelEnvironment("GITHUB_RUNNER_VM_SSH_PORT", Integer.toString(emulator.sshPort())));
        recorder = new RunRecorder(github, openstack.emulator().orElse(null));
        reactive = options.reactive() ? ReactivePath.start() : null;
    }

    /** Runs the whole simulation; returns the summary. */
    Summary run() throws Exception {
        say("deploying the charm in " + workDir + (options.workDir() == null
                ? " (temporary: removed after a successful run; --dir keeps it)" : ""));
        recorder.start();
        expectSuccess(juju.runHook("install"));
        juju.setConfig(charmConfig());
        expectSuccess(juju.runHook("config-changed"));
        say("config-changed: " + status());
        for (JujuLocal.HookRun run : juju.integrate("image", "image-builder",
                Map.of("image-builder/0", Map.of("id", openstack.imageId(), "tags", "x64,jammy")))) {
            expectSuccess(run);
        }
        expectSuccess(juju.runHook("start"));
        say("image integrated, runner manager started: " + status());
        if (reactive != null) {
            reactive.integrate(juju);
            say("mongodb integrated: " + status());
            reactive.hookUp(github, OWNER + "/" + REPO, options.faultRate(), options.seed());
            say("webhook router up, repository hook on " + reactive.webhookUrl()
                    + (options.faultRate() > 0 ? String.format(" (%.0f%% of deliveries lost)", options.faultRate() * 100) : ""));
            background.scheduleWithFixedDelay(this::redeliverIfFailed, REDELIVERY_INTERVAL.toSeconds(),
                    REDELIVERY_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        }

        background.scheduleWithFixedDelay(this::refreshUnitStatus, 5, 5, TimeUnit.SECONDS);
        LiveView view = new LiveView(out, options.live());
        background.scheduleAtFixedRate(() -> view.show(snapshot()), 0, options.live() ? 1 : 5, TimeUnit.SECONDS);
        queueJobs();
        Instant deadline = Instant.now().plus(options.drainTimeout());
        while (github.jobCounts().completed() < options.jobs() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        background.shutdown();   // lets a running update-status finish: an interrupted hook would be cut off
        background.awaitTermination(30, TimeUnit.SECONDS);
        Snapshot last = settle();
        view.show(last);
        out.println();

        JujuLocal.HookRun stop = juju.runHook("stop");
        Instant gone = Instant.now().plusSeconds(options.cloud().given() ? 180 : 30); // real deletes take longer
        while (openstack.servers(UNIT_PREFIX) > 0 && Instant.now().isBefore(gone)) {
            Thread.sleep(250);
        }
        return Summary.of(options, last, github, openstack, stop.succeeded(), Duration.between(started, Instant.now()));
    }

    /** The operator's part: queued events the hook's log shows undelivered are redelivered with the action. */
    private void redeliverIfFailed() {
        if (WebhookCounts.of(github.webhookDeliveries()).queuedUndelivered() > 0) {
            reactive.redeliverFailed(juju, OWNER + "/" + REPO, Duration.between(started, Instant.now()));
        }
    }

    /**
     * Runs update-status until the unit's counts agree with the emulators' (the manager looks at
     * its own pace), at most {@link #SETTLE_TIMEOUT}: the summary shows what the unit says after
     * the last job, not a reading from while jobs still ran. With --reactive, also until the queue
     * is empty, at most {@link #REACTIVE_SETTLE_TIMEOUT}.
     */
    private Snapshot settle() throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(SETTLE_TIMEOUT);
        Instant queueDeadline = start.plus(REACTIVE_SETTLE_TIMEOUT);
        while (true) {
            refreshUnitStatus();
            Snapshot snapshot = snapshot();
            boolean unitDone = snapshot.unitAgrees() || Instant.now().isAfter(deadline);
            boolean queueDone = snapshot.reactive() == null || snapshot.reactive().queue().waiting() == 0
                    || Instant.now().isAfter(queueDeadline);
            if (unitDone && queueDone) {
                return snapshot;
            }
            Thread.sleep(2000);
        }
    }

    private Map<String, Object> charmConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", OWNER + "/" + REPO);
        config.put("token", TOKEN);
        config.put("github-api-url", github.url());
        config.put("openstack-clouds-yaml", openstack.cloudsYaml());
        config.put("openstack-flavor", openstack.flavor());
        config.put("openstack-network", openstack.network());
        config.put("base-virtual-machines", options.base());
        config.put("max-total-virtual-machines", options.max());
        if (reactive != null) {
            reactive.addCharmConfig(config, juju);
        }
        return config;
    }

    /** Poisson arrivals: exponential gaps with the mean that spreads the jobs over the window. */
    private void queueJobs() throws InterruptedException {
        Random random = new Random(options.seed());
        double meanGapMillis = options.jobs() == 0 ? 0 : options.arrivalWindow().toMillis() / (double) options.jobs();
        for (int i = 0; i < options.jobs(); i++) {
            Thread.sleep((long) (-Math.log(1 - random.nextDouble()) * meanGapMillis));
            github.queueJob(OWNER, REPO, JOB_LABELS, options.jobDuration());
            queued.incrementAndGet();
        }
    }

    private void refreshUnitStatus() {
        juju.runHook("update-status");
        var status = juju.state().status;
        unitStatus = new UnitReading(status.status(), status.message(), Instant.now());
    }

    /** The unit's status from update-status, and when that ran (null: not yet). */
    record UnitReading(String status, String message, Instant at) {
        private static final Pattern COUNTS = Pattern.compile("\\b([0-9]+) idle, ([0-9]+) busy\\b");

        /** Whether the counts in the message (the manager's view) are the emulators'. */
        boolean agreesWith(FleetCounts fleet) {
            Matcher counts = COUNTS.matcher(message);
            return counts.find() && Integer.parseInt(counts.group(1)) == fleet.idle()
                    && Integer.parseInt(counts.group(2)) == fleet.busy();
        }

        @Override
        public String toString() {
            return status + (message.isEmpty() ? "" : " (" + message + ")");
        }
    }

    private String status() {
        var status = juju.state().status;
        return status.status() + (status.message().isEmpty() ? "" : " (" + status.message() + ")");
    }

    /** What the live view shows, read from the emulators, with the unit's last status. */
    record Snapshot(Duration elapsed, FleetCounts fleet, int queuedSoFar, JobCounts jobs, QueueTimes queueTimes,
                    int githubCalls, long openstackCalls, UnitReading unit, Instant at, Reactive reactive) {
        boolean unitAgrees() {
            return unit.agreesWith(fleet);
        }

        /** How old the unit's status was at this snapshot, or null if update-status has not run. */
        Duration unitAge() {
            return unit.at() == null ? null : Duration.between(unit.at(), at);
        }
    }

    /** With --reactive: the queue in MongoDB and the webhook deliveries so far. */
    record Reactive(ReactivePath.QueueReading queue, WebhookCounts webhooks) {}

    private Snapshot snapshot() {
        Instant now = Instant.now();
        FleetCounts fleet = FleetCounts.of(github.runners(), openstack.serverNames(UNIT_PREFIX));
        return new Snapshot(Duration.between(started, now), fleet, queued.get(), github.jobCounts(),
                QueueTimes.of(github.jobs(), now), github.requests().size(), openstack.requests(), unitStatus, now,
                reactive == null ? null : new Reactive(reactive.queue(), WebhookCounts.of(github.webhookDeliveries())));
    }

    private void expectSuccess(JujuLocal.HookRun run) {
        if (!run.succeeded()) {
            throw new IllegalStateException(run.event() + " failed (exit " + run.exitCode() + "):\n" + run.stderr());
        }
    }

    private void say(String line) {
        out.println("[" + Duration.between(started, Instant.now()).toSeconds() + "s] " + line);
    }

    /** What the run looked like, second by second, for {@code --report}. */
    ReportPage report() {
        recorder.close();
        return new ReportPage("github-runner simulate" + (reactive != null ? " --reactive" : "") + ": base " + options.base() + ", max " + options.max() + ", "
                + options.jobs() + " jobs", recorder.samples(), recorder.queueTimes());
    }

    List<JobView> jobs() {
        return new ArrayList<>(github.jobs());
    }

    /** Keeps a temporary work directory (its logs tell why a run failed); returns where it is. */
    Path keepWorkDir() {
        keepWorkDir = true;
        return workDir;
    }

    @Override
    public void close() throws IOException {
        background.shutdownNow();
        try {
            juju.stopServices();
        } finally {
            recorder.close();
            agents.close();
            github.close();
            openstack.close();
            if (reactive != null) {
                reactive.close();
            }
            if (options.workDir() == null && !keepWorkDir) {
                deleteTree(workDir);   // a temporary unit: charm, tools archive, logs (about 40 MB)
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
