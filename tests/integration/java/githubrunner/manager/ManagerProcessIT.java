package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.sim.github.RunnerView;
import githubrunner.sim.openstack.Fault;
import githubrunner.sim.openstack.Quotas;
import githubrunner.sim.openstack.SimServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner manager as a real process against the GitHub and OpenStack emulators, over HTTP,
 * with runner agents that come online when their VM is ACTIVE and take queued jobs. Each test
 * waits for the state the manager should reach; none asserts on wall-clock time.
 */
class ManagerProcessIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> JOB_LABELS = List.of("self-hosted", "linux", "x64");

    @TempDir Path root;
    Emulators emulators;
    ManagerProcess manager;

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (emulators != null) {
            emulators.close();
        }
    }

    // --- views of the emulators ---------------------------------------------------------------

    List<SimServer> servers(String prefix) {
        return emulators.openstack.servers().stream().filter(s -> InstanceName.belongsTo(s.name(), prefix)).toList();
    }

    List<RunnerView> runners(String prefix) {
        return emulators.github.runners().stream().filter(r -> InstanceName.belongsTo(r.name(), prefix)).toList();
    }

    long idle(String prefix) {
        return runners(prefix).stream().filter(r -> "online".equals(r.status()) && !r.busy()).count();
    }

    long busy(String prefix) {
        return runners(prefix).stream().filter(RunnerView::busy).count();
    }

    /** Every server has its registration and every registration its server. */
    boolean consistent(String prefix) {
        Set<String> vms = new HashSet<>(servers(prefix).stream().map(SimServer::name).toList());
        Set<String> registrations = new HashSet<>(runners(prefix).stream().map(RunnerView::name).toList());
        return vms.equals(registrations);
    }

    ManagerProcess start(int base) throws Exception {
        return ManagerProcess.start(root, emulators.config("github-runner", 0, base, ManagerProcess.freePort()));
    }

    // --- scenarios --------------------------------------------------------------------------------

    @Test
    void fillsThePoolToBaseAndReportsIt() throws Exception {
        emulators = new Emulators();
        manager = start(3);
        manager.await("3 idle runners", WAIT, () -> idle("github-runner-0") == 3);
        assertEquals(3, servers("github-runner-0").size());
        assertTrue(consistent("github-runner-0"));
        manager.await("status with the counts", WAIT, () -> statusLine().equals(List.of("active", "3 idle, 0 busy, 3 expected")));
        var check = manager.get("/runner/check");
        assertEquals(3, check.path("online").asInt());
        assertEquals(0, check.path("busy").asInt());
        assertEquals(3, check.path("runners").size());
        String metrics = manager.metrics();
        assertTrue(metrics.contains("expected_runners_count{flavor=\"github-runner\"} 3.0"), metrics);
        assertTrue(metrics.contains("created_runners_total{flavor=\"github-runner\"} 3.0"), metrics);
        assertTrue(metrics.contains("github_client_calls_total{method=\"generate_jit_config\"} 3.0"), metrics);
        Path events = root.resolve("var/log/github-runner-metrics.log");
        assertTrue(Files.readString(events).contains("\"event\":\"reconciliation\""), "the full reconcile logs its event");
        var labels = emulators.github.runners().get(0).labels();
        assertTrue(labels.containsAll(List.of("x64", "jammy", "self-hosted", "linux")), labels.toString());
        String log = manager.logText();
        assertFalse(log.contains(Emulators.TOKEN), "the token never reaches the manager's log");
        assertFalse(log.contains("emulated-password"), "nor the OpenStack password");
        assertFalse(Files.readString(events).contains(Emulators.TOKEN));
    }

    @Test
    void aFinishedRunnerIsReplacedByTheNextCheck() throws Exception {
        emulators = new Emulators();
        manager = start(2);
        manager.await("2 idle runners", WAIT, () -> idle("github-runner-0") == 2);
        Set<String> before = new HashSet<>(servers("github-runner-0").stream().map(SimServer::name).toList());
        var job = emulators.github.queueJob(Emulators.OWNER, Emulators.REPO, JOB_LABELS, Duration.ofMillis(500));
        manager.await("the job completed", WAIT, () -> "completed".equals(emulators.github.job(job.id()).orElseThrow().status()));
        Instant completed = emulators.github.job(job.id()).orElseThrow().completedAt();
        manager.await("a replacement idle", WAIT, () -> idle("github-runner-0") == 2
                && !before.containsAll(servers("github-runner-0").stream().map(SimServer::name).toList()));
        assertEquals(2, servers("github-runner-0").size(), "the finished runner's VM is gone");
        assertTrue(consistent("github-runner-0"));

        // The first listing that can have seen the deregistration triggers the replacement: at most
        // the listing in flight when the job ended, then the next one.
        List<LoggedRequest> log = emulators.github.requests();
        Instant replacedAt = log.stream().filter(r -> r.at().isAfter(completed) && r.path().endsWith("/generate-jitconfig"))
                .map(LoggedRequest::at).findFirst().orElseThrow();
        long listings = log.stream().filter(r -> r.path().endsWith("/actions/runners") && r.at().isAfter(completed)
                && r.at().isBefore(replacedAt)).count();
        assertTrue(listings <= 2, "replacement came " + listings + " listings after the job ended");
    }

    @Test
    void loweringBaseRemovesIdleRunnersAndKeepsBusyOnes() throws Exception {
        emulators = new Emulators();
        manager = start(3);
        String busyRunner = threeIdleThenOneBusy();
        assertEquals(0, manager.stop(), "SIGTERM stops the manager cleanly");

        manager = start(1);
        manager.await("only the busy runner left", WAIT, () -> servers("github-runner-0").size() == 1);
        assertEquals(busyRunner, servers("github-runner-0").get(0).name());
        assertEquals(1, busy("github-runner-0"));
        assertTrue(consistent("github-runner-0"));
    }

    @Test
    void cleansErrorVmsDanglingRunnersNeverRegisteredVmsAndOrphanKeypairs() throws Exception {
        // The cloud's clock runs 5 minutes behind: keypairs look old enough to be orphans at once,
        // while VMs are still well inside the creation grace.
        emulators = new Emulators(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
        String prefix = "github-runner-0";
        InstanceName broken = InstanceName.generate(prefix);
        var brokenRunner = emulators.github.registerRunner(Emulators.OWNER + "/" + Emulators.REPO, broken.value(), List.of("x64"));
        emulators.openstack.addServer(broken.value(), Map.of("runner_id", Long.toString(brokenRunner.id())), Instant.now(), "ERROR");
        InstanceName dangling = InstanceName.generate(prefix);
        emulators.github.registerRunner(Emulators.OWNER + "/" + Emulators.REPO, dangling.value(), List.of("x64"));
        InstanceName neverOnline = InstanceName.generate(prefix);
        var neverOnlineRunner = emulators.github.registerRunner(Emulators.OWNER + "/" + Emulators.REPO, neverOnline.value(), List.of("x64"));
        emulators.openstack.addServer(neverOnline.value(), Map.of("runner_id", Long.toString(neverOnlineRunner.id())),
                Instant.now().minus(Duration.ofHours(1)), "ACTIVE");
        InstanceName untagged = InstanceName.generate(prefix);
        emulators.openstack.addServer(untagged.value(), Map.of(), Instant.now(), "ACTIVE");
        InstanceName orphanKey = InstanceName.generate(prefix);
        emulators.openstack.addKeypair(orphanKey.value(), Instant.now().minus(Duration.ofMinutes(10)));
        InstanceName foreign = InstanceName.generate("other-app-0");
        emulators.openstack.addServer(foreign.value(), Map.of(), Instant.now(), "ERROR");
        emulators.openstack.addKeypair(foreign.value(), Instant.now().minus(Duration.ofMinutes(10)));

        manager = start(0);
        manager.await("everything of the unit cleaned", WAIT, () -> servers(prefix).isEmpty() && runners(prefix).isEmpty()
                && emulators.openstack.keypairs().stream().noneMatch(k -> InstanceName.belongsTo(k.name(), prefix)));
        assertEquals(1, servers("other-app-0").size(), "another application's VM is never touched");
        assertTrue(emulators.openstack.keypairs().stream().anyMatch(k -> k.name().equals(foreign.value())));
        String metrics = manager.metrics();
        for (String state : List.of("broken", "dangling", "offline", "untagged")) {
            assertTrue(metrics.contains("cleaned_runners_total{flavor=\"github-runner\",state=\"" + state + "\"} 1.0"),
                    state + " in\n" + metrics);
        }
    }

    @Test
    void flushIdleKeepsBusyRunnersAndFlushBusyRemovesThem() throws Exception {
        emulators = new Emulators();
        manager = start(3);
        String busyRunner = threeIdleThenOneBusy();

        var idleFlush = manager.flush(false);
        assertEquals(2, idleFlush.path("flushed").asInt(), idleFlush.toString());
        assertFalse(idleFlush.toString().contains(busyRunner));
        assertTrue(servers("github-runner-0").stream().anyMatch(s -> s.name().equals(busyRunner)));
        manager.await("replacements after the flush", WAIT, () -> idle("github-runner-0") == 2);

        var busyFlush = manager.flush(true);
        assertTrue(busyFlush.toString().contains(busyRunner), busyFlush.toString());
        assertTrue(servers("github-runner-0").stream().noneMatch(s -> s.name().equals(busyRunner)),
                "a busy flush removes the busy runner's VM too");
    }

    @Test
    void rateLimitStopsGitHubCallsUntilTheResetThenRecovers() throws Exception {
        emulators = new Emulators();
        manager = start(1);
        manager.await("1 idle runner", WAIT, () -> idle("github-runner-0") == 1);
        // Another consumer of the same token (other units, other tools) drains the budget.
        emulators.github.rateLimit("core", 30, Duration.ofSeconds(15));
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 30; i++) {
            http.send(HttpRequest.newBuilder(URI.create(emulators.github.url() + "/repos/" + Emulators.OWNER + "/"
                    + Emulators.REPO + "/actions/runners")).header("Authorization", "token " + Emulators.TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        // The burst shares the manager's token, so some of its own calls may be the refused ones:
        // only what comes after it says how the manager behaves.
        Instant burstEnd = Instant.now();
        manager.await("rate limited status", WAIT, () -> statusLine().get(0).equals("waiting")
                && statusLine().get(1).startsWith("GitHub API rate limit reached until "));
        manager.await("back to active", WAIT, () -> statusLine().get(0).equals("active"));
        List<LoggedRequest> after = emulators.github.requests().stream().filter(r -> r.at().isAfter(burstEnd)).toList();
        assertTrue(after.stream().anyMatch(r -> r.status() == 200 || r.status() == 304),
                "the manager calls GitHub again after the reset");
        long refused = after.stream().filter(r -> r.status() == 403 || r.status() == 429).count();
        assertTrue(refused <= 1, "after the budget was spent the manager was refused " + refused
                + " times: at most the one call that told it, then it waited for the reset");
        assertTrue(manager.logText().contains("rate limit"), "the log says why it waited");
    }

    @Test
    void openStackQuotaIsReportedAndRunnersComeWhenItFrees() throws Exception {
        emulators = new Emulators();
        emulators.openstack.setQuotas(new Quotas(1, -1, -1));
        manager = start(3);
        manager.await("quota problem in the status", WAIT, () -> statusLine().get(0).equals("waiting")
                && statusLine().get(1).startsWith("OpenStack quota exceeded: Quota exceeded for instances"));
        // A registration exists without its VM while a (backed-off) creation attempt is under way,
        // so wait for a moment between attempts: the failed ones have been rolled back.
        manager.await("registrations of VMs that failed rolled back", WAIT, () -> consistent("github-runner-0"));
        assertEquals(1, servers("github-runner-0").size());
        emulators.openstack.setQuotas(Quotas.UNLIMITED);
        manager.await("3 runners once the quota frees", WAIT, () -> idle("github-runner-0") == 3);
        manager.await("the problem cleared", WAIT, () -> statusLine().get(0).equals("active"));
    }

    @Test
    void killedMidReconcileAndRestartedLeavesNoDuplicateOrLeakedVm() throws Exception {
        emulators = new Emulators(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
        emulators.openstack.faults().add(githubrunner.sim.openstack.FaultRule.on("POST", ".*/servers")
                .inject(Fault.delay(Duration.ofMillis(1500))));
        manager = start(6);
        manager.await("a creation under way", WAIT, () -> emulators.openstack.requests().count("POST", ".*/os-keypairs") >= 2);
        manager.kill();
        emulators.openstack.faults().clear();

        manager = start(6);
        // A keypair the killed manager asked for can land after the restart's first cleanup; orphan
        // keypairs go at full reconciles, so this may take one reconcile interval (1 minute).
        manager.await("6 idle runners, each with one VM, no leftovers", WAIT.plus(Duration.ofMinutes(1)),
                () -> idle("github-runner-0") == 6
                && servers("github-runner-0").size() == 6 && consistent("github-runner-0")
                && emulators.openstack.keypairs().stream().filter(k -> InstanceName.belongsTo(k.name(), "github-runner-0"))
                        .count() == 6);
        Set<String> names = new HashSet<>(servers("github-runner-0").stream().map(SimServer::name).toList());
        assertEquals(6, names.size(), "no two VMs share a name");
    }

    @Test
    void underThirtyPercentFaultsEveryJobRunsAndABusyDrainThenStopLeaveNothing() throws Exception {
        emulators = new Emulators();
        String prefix = "github-runner-0";
        // About 30 % of the API calls fail, each way a call can fail: refused with a 5xx before anything
        // is done, done with its answer lost, or dropped unanswered.
        emulators.github.addFault(new FaultRule("*", "/(repos|orgs)/.*", 0.2,
                FaultRule.status("*", ".*", 503).action(), -1));
        emulators.github.addFault(new FaultRule("*", "/(repos|orgs)/.*", 0.07, new FaultRule.LoseAnswer(), -1));
        emulators.github.addFault(new FaultRule("*", "/(repos|orgs)/.*", 0.05, new FaultRule.Drop(), -1));
        emulators.openstack.faults().add(githubrunner.sim.openstack.FaultRule.on("*", "/(compute|network)/.*")
                .probability(0.3).inject(Fault.status(500), Fault.status(503), Fault.dropResponse(), Fault.dropConnection()));
        manager = start(3);
        for (int i = 0; i < 6; i++) {
            emulators.github.queueJob(Emulators.OWNER, Emulators.REPO, JOB_LABELS, Duration.ofSeconds(2));
        }

        manager.await("every job run and the pool back at 3 idle runners, one VM each", WAIT.multipliedBy(4),
                () -> emulators.github.jobCounts().completed() == 6 && idle(prefix) == 3
                        && servers(prefix).size() == 3 && consistent(prefix));
        Set<String> names = new HashSet<>(servers(prefix).stream().map(SimServer::name).toList());
        assertEquals(3, names.size(), "no two VMs share a name");
        assertTrue(emulators.openstack.requests().all().stream().anyMatch(r -> r.status() >= 500 || r.status() < 0),
                "OpenStack calls failed");
        assertTrue(emulators.github.requests().stream().anyMatch(r -> r.status() == 503), "GitHub calls failed");

        // What a create whose answer was lost and whose lookup failed leaves: a keypair and a key file
        // without a server, too young for the orphan cleanup of the full reconciles.
        InstanceName unfinished = InstanceName.generate(prefix);
        emulators.openstack.addKeypair(unfinished.value(), Instant.now());
        Path keys = root.resolve("var/lib/github-runner-manager/" + prefix + "/keys");
        Files.writeString(keys.resolve(unfinished.value() + ".key"), "unused key");

        // The stop hook's drain, still under faults: every runner goes, and so does every keypair and
        // key file without a server, whatever its age.
        manager.drain(true, "unit-stopping");
        assertEquals(0, manager.stop());

        assertEquals(List.of(), servers(prefix), "no VM left");
        assertEquals(List.of(), runners(prefix), "no GitHub runner left");
        assertEquals(List.of(), emulators.openstack.keypairs().stream().map(k -> k.name())
                .filter(n -> InstanceName.belongsTo(n, prefix)).toList(), "no keypair left");
        try (var files = Files.list(keys)) {
            assertEquals(List.of(), files.toList(), "no key file left");
        }
    }

    @Test
    void managersOfUnitsA1AndA11NeverTouchEachOthersRunners() throws Exception {
        emulators = new Emulators();
        manager = ManagerProcess.start(root, emulators.config("a", 1, 2, ManagerProcess.freePort()));
        try (ManagerProcess other = ManagerProcess.start(root, emulators.config("a-1", 1, 3, ManagerProcess.freePort()))) {
            manager.await("both pools full", WAIT, () -> idle("a-1") == 2 && idle("a-1-1") == 3);
            Set<String> ofA11 = new HashSet<>(servers("a-1-1").stream().map(SimServer::name).toList());
            manager.flush(true);
            manager.await("a-1's pool refilled", WAIT, () -> idle("a-1") == 2);
            assertEquals(ofA11, new HashSet<>(servers("a-1-1").stream().map(SimServer::name).toList()),
                    "flushing a-1 left every VM of a-1-1 alone");
            assertTrue(emulators.openstack.deletedServers().stream().noneMatch(s -> ofA11.contains(s.name())));
            assertEquals(3, idle("a-1-1"));
        }
    }

    /** Three idle runners, then one job that keeps one of them busy; returns the busy runner's name. */
    private String threeIdleThenOneBusy() throws Exception {
        manager.await("3 idle runners", WAIT, () -> idle("github-runner-0") == 3);
        emulators.github.queueJob(Emulators.OWNER, Emulators.REPO, JOB_LABELS, Duration.ofMinutes(5));
        manager.await("one runner busy", WAIT, () -> busy("github-runner-0") == 1);
        return runners("github-runner-0").stream().filter(RunnerView::busy).findFirst().orElseThrow().name();
    }

    private List<String> statusLine() {
        try {
            return manager.jujuStatus();
        } catch (IOException e) {
            return List.of("unreachable", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted", "");
        }
    }
}
