package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import githubrunner.github.GitHubRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTest {
    static final String PREFIX = "github-runner-0";
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    final List<CloudServer> vms = new ArrayList<>();
    final List<GitHubRunner> registrations = new ArrayList<>();
    long nextId = 1;

    /** A runner whose VM was made {@code age} ago and whose registration is as given (null: none). */
    InstanceName runner(Duration age, ServerStatus status, String githubStatus, boolean busy) {
        InstanceName name = InstanceName.generate(PREFIX);
        long id = nextId++;
        vms.add(new CloudServer("vm-" + id, name, status, NOW.minus(age), Map.of("runner_id", Long.toString(id)), List.of()));
        if (githubStatus != null) {
            registrations.add(new GitHubRunner(id, name.value(), githubStatus, busy, List.of("x64")));
        }
        return name;
    }

    Fleet fleet() {
        return Fleet.of(vms, registrations, PREFIX, NOW);
    }

    Runner.State state(InstanceName name) {
        return fleet().runners().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().state();
    }

    @Test
    void statesFromBothSides() {
        InstanceName idle = runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", false);
        InstanceName busy = runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", true);
        InstanceName booting = runner(Duration.ofSeconds(30), ServerStatus.BUILD, "offline", false);
        InstanceName timedOut = runner(Duration.ofSeconds(1381), ServerStatus.ACTIVE, "offline", false);
        InstanceName finished = runner(Duration.ofMinutes(9), ServerStatus.ACTIVE, null, false);
        InstanceName broken = runner(Duration.ofMinutes(1), ServerStatus.ERROR, "offline", false);
        InstanceName stopped = runner(Duration.ofMinutes(1), ServerStatus.SHUTOFF, "offline", false);
        InstanceName busyButOffline = runner(Duration.ofHours(2), ServerStatus.ACTIVE, "offline", true);
        assertEquals(Runner.State.IDLE, state(idle));
        assertEquals(Runner.State.BUSY, state(busy));
        assertEquals(Runner.State.STARTING, state(booting));
        assertEquals(Runner.State.OFFLINE, state(timedOut));
        assertEquals(Runner.State.FINISHED, state(finished));
        assertEquals(Runner.State.BROKEN, state(broken));
        assertEquals(Runner.State.BROKEN, state(stopped));
        assertEquals(Runner.State.BUSY, state(busyButOffline), "a busy runner is never treated as dead");
    }

    @Test
    void creationGraceIs1380Seconds() {
        InstanceName justInside = runner(Duration.ofSeconds(1379), ServerStatus.ACTIVE, "offline", false);
        InstanceName justOutside = runner(Duration.ofSeconds(1380), ServerStatus.ACTIVE, "offline", false);
        assertEquals(Runner.State.STARTING, state(justInside));
        assertEquals(Runner.State.OFFLINE, state(justOutside));
    }

    @Test
    void registrationWithoutVmIsDanglingAndVmWithoutRunnerIdIsUntagged() {
        InstanceName dangling = InstanceName.generate(PREFIX);
        registrations.add(new GitHubRunner(99, dangling.value(), "offline", false, List.of()));
        InstanceName untagged = InstanceName.generate(PREFIX);
        vms.add(new CloudServer("vm-x", untagged, ServerStatus.ACTIVE, NOW, Map.of("platform_name", "github"), List.of()));
        assertEquals(Runner.State.DANGLING, state(dangling));
        assertEquals(Runner.State.UNTAGGED, state(untagged));
    }

    @Test
    void registrationsOfOtherUnitsAreIgnored() {
        registrations.add(new GitHubRunner(1, "github-runner-0-1-0123456789ab", "online", false, List.of()));
        registrations.add(new GitHubRunner(2, "someone-elses-runner", "online", false, List.of()));
        assertTrue(fleet().runners().isEmpty());
    }

    @Test
    void deadAndAliveSplit() {
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", false);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", true);
        runner(Duration.ofSeconds(10), ServerStatus.BUILD, "offline", false);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, null, false);
        runner(Duration.ofMinutes(5), ServerStatus.ERROR, "offline", false);
        Fleet fleet = fleet();
        assertEquals(3, fleet.alive());
        assertEquals(List.of(Runner.State.FINISHED, Runner.State.BROKEN), fleet.dead().stream().map(Runner::state).toList());
    }

    @Test
    void scaleDownTakesStartingThenLongestIdleAndNeverBusy() {
        InstanceName idleOld = runner(Duration.ofMinutes(30), ServerStatus.ACTIVE, "online", false);
        InstanceName idleNew = runner(Duration.ofMinutes(2), ServerStatus.ACTIVE, "online", false);
        InstanceName starting = runner(Duration.ofSeconds(20), ServerStatus.BUILD, "offline", false);
        runner(Duration.ofMinutes(40), ServerStatus.ACTIVE, "online", true);
        assertEquals(List.of(starting, idleOld), surplus(2, Duration.ZERO));
        assertEquals(List.of(starting, idleOld, idleNew), surplus(0, Duration.ZERO),
                "the busy runner is never a candidate, however large the excess");
        assertTrue(surplus(4, Duration.ZERO).isEmpty());
        assertEquals(List.of(idleOld), surplus(0, Duration.ofMinutes(5)),
                "with a surplus grace, starting and young idle runners are kept");
    }

    @Test
    void planCreatesWhatIsMissingUnlessCreationIsPausedAndClampsToMax() {
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", false);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, null, false);
        Plan plan = Plan.of(fleet(), 2, 3, 4, true, Duration.ZERO, NOW);
        assertEquals(4, plan.expected());
        assertEquals(3, plan.create());
        assertEquals(1, plan.cleanup().size(), "the finished runner");
        Plan paused = Plan.of(fleet(), 2, 3, 4, false, Duration.ZERO, NOW);
        assertEquals(0, paused.create());
        assertEquals(3, paused.missing());
        assertEquals(Integer.MAX_VALUE, Plan.expected(Integer.MAX_VALUE, 0, Integer.MAX_VALUE, 0), "no overflow");
    }

    @Test
    void busyRunnersServeNoWaitingJob() {
        for (int i = 0; i < 3; i++) {
            runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", true);
        }
        assertEquals(1, Plan.of(fleet(), 0, 1, 0, true, Duration.ZERO, NOW).create(),
                "three runners busy with earlier jobs and one job waiting: a runner for it");
        assertEquals(0, Plan.of(fleet(), 2, 0, 0, true, Duration.ZERO, NOW).create(),
                "the base pool counts its busy runners: replaced when their jobs are done");
        assertEquals(2, Plan.of(fleet(), 4, 1, 0, true, Duration.ZERO, NOW).create(), "max(4, 3) + 1 = 5");
        assertEquals(1, Plan.of(fleet(), 0, 5, 4, true, Duration.ZERO, NOW).create(), "max-total caps it");
    }

    private List<InstanceName> surplus(int base, Duration grace) {
        return Plan.of(fleet(), base, 0, 0, true, grace, NOW).scaleDown().stream().map(Runner::name).toList();
    }

    @Test
    void flushCandidates() {
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", false);
        runner(Duration.ofSeconds(20), ServerStatus.BUILD, "offline", false);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", true);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, null, false);
        assertEquals(2, fleet().flushCandidates(false).size(), "idle and starting");
        assertEquals(3, fleet().flushCandidates(true).size(), "busy too");
    }

    @Test
    void reportAndCounts() {
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", false);
        InstanceName busy = runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, "online", true);
        runner(Duration.ofSeconds(20), ServerStatus.BUILD, "offline", false);
        runner(Duration.ofMinutes(5), ServerStatus.ACTIVE, null, false);
        var report = fleet().report();
        assertEquals(2, report.online());
        assertEquals(1, report.busy());
        assertEquals(1, report.offline());
        assertEquals(1, report.unknown());
        assertEquals(List.of(busy.value()), report.busyRunners());
        assertEquals(new ManagerStatus.Counts(1, 1, 1, 0, 5, 4), fleet().counts(5));
    }
}
