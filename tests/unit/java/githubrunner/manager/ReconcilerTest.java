package githubrunner.manager;

import githubrunner.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.CallStats;
import githubrunner.cloud.openstack.QuotaExceededException;
import githubrunner.cloud.openstack.ServerErrorException;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler in-process, against in-memory cloud and registry and a clock moved by hand:
 * pacing, scoped backoff, the creation pause, drains and flushes, demand, the budget.
 */
class ReconcilerTest {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    static final String PREFIX = "github-runner-0";
    static final Duration FLOOR = Duration.ofSeconds(3);

    @TempDir
    Path temp;

    final MutableClock clock = new MutableClock(T0);
    final FakeRunnerCloud cloud = new FakeRunnerCloud(clock);
    final FakeRunnerRegistry github = new FakeRunnerRegistry(clock);
    final AtomicInteger demand = new AtomicInteger();
    final ManagerStatus status = new ManagerStatus(T0);
    RunnerManager runners;
    Reconciler reconciler;
    ManagerMetrics metrics;

    Reconciler reconciler(int base, int max, Duration surplusGrace) {
        runners = new RunnerManager(new RunnerManager.Spec(PREFIX, "image-1", List.of("x64")), github, cloud,
                (name, jit, labels) -> "#!/bin/sh\n", clock);
        metrics = new ManagerMetrics("github-runner", new MetricsLog(temp.resolve("metrics.log"), clock),
                GitHubStats::none, github::rateLimit, CallStats::new);
        reconciler = new Reconciler(new Reconciler.Settings(base, max, Duration.ofMinutes(5), FLOOR, surplusGrace,
                Duration.ofMinutes(4)), runners, (now, fleet) -> demand.get(), RetiredTargets.none(), status, metrics, clock,
                pause -> clock.advance(pause));
        return reconciler;
    }

    @AfterEach
    void close() {
        if (runners != null) {
            runners.close();
        }
    }

    /** Runs one cycle and moves the clock to the time it asked for the next. */
    Duration step() throws InterruptedException {
        Instant start = clock.instant();
        Instant next = reconciler.cycle();
        clock.set(next.isAfter(start) ? next : start);
        return Duration.between(start, next);
    }

    @Test
    void fillsThePoolAndChecksAtTheFloorWhileTheBudgetLasts() throws Exception {
        reconciler(3, 0, Duration.ZERO);
        assertEquals(FLOOR, step());
        assertEquals(3, cloud.names().size());
        assertEquals(3, github.names().size());
        github.allOnline();
        assertEquals(FLOOR, step());
        assertEquals(new ManagerStatus.Counts(3, 0, 0, 0, 3, 3), status.snapshot().counts());
        assertEquals("active", status.snapshot().juju()[0]);
    }

    @Test
    void aRunnerThatTookAJobIsReplacedAtTheNextCheck() throws Exception {
        reconciler(2, 0, Duration.ZERO);
        step();
        github.allOnline();
        String first = github.names().get(0);
        github.busy(first);
        step();
        assertEquals(2, cloud.names().size(), "busy runners count as alive");
        github.finish(first);
        step();
        assertEquals(2, cloud.names().size(), "the finished runner's VM is removed and one is created");
        assertFalse(cloud.names().stream().anyMatch(n -> n.value().equals(first)));
        // GitHub removed the finished runner's registration itself: only its VM was deleted.
        assertObserved("delete_vm_duration_seconds", 1);
    }

    private void assertObserved(String histogram, int times) throws java.io.IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        metrics.write(text);
        assertTrue(text.toString().contains(histogram + "_count{flavor=\"github-runner\"} " + times), histogram + " in " + text);
    }

    @Test
    void aCreationThatFailsHalfWayLeavesNeitherARegistrationNorAKeypairBehind() throws Exception {
        reconciler(4, 0, Duration.ZERO);
        // Registration and keypair run side by side: each may fail while the other succeeds. Two
        // registrations fail and one keypair, so at least one runner has its keypair but no registration.
        github.faults.next("register", 2, () -> new GitHubException.ServerError("registration failed", 502));
        cloud.faults.next("prepare", 1, () -> new ServerErrorException("create keypair", 503, "busy", null));
        cloud.faults.next("create", 1, () -> new ServerErrorException("create server", 500, "boom", null));
        step();
        assertEquals(cloud.names().stream().map(n -> n.value()).sorted().toList(), github.names().stream().sorted().toList(),
                "every registration left has its VM");
        assertEquals(java.util.Set.of(), cloud.leftPrepared(), "no keypair without its VM");
        assertTrue(cloud.names().size() < 4, "some creations failed: " + cloud.names());
        clock.advance(Duration.ofMinutes(1));
        step();
        assertEquals(4, cloud.names().size());
        assertEquals(4, github.names().size());
        assertEquals(java.util.Set.of(), cloud.leftPrepared());
    }

    @Test
    void creationRefusedUntilAKnownTimeResumesThenNotAfterAGrownBackoff() throws Exception {
        reconciler(3, 0, Duration.ZERO);
        // An ambiguous security group create fences further creates for a known time (SecurityGroups).
        Instant fenceEnd = T0.plusSeconds(143);
        cloud.faults.always("create", () -> new githubrunner.cloud.openstack.CloudTimeoutException("create security group",
                0, "an earlier create may still be in progress", null).retryAt(fenceEnd));
        for (int i = 0; i < 100 && clock.instant().isBefore(fenceEnd); i++) {
            step();
        }
        assertFalse(clock.instant().isAfter(fenceEnd.plus(FLOOR)), "waited for the fence, no longer: " + clock.instant());
        cloud.faults.clear("create");
        step();
        assertEquals(3, cloud.names().size(), "created as soon as the fence ended");
    }

    @Test
    void aLowBudgetSpreadsTheChecksUntilTheReset() throws Exception {
        reconciler(1, 0, Duration.ZERO);
        github.budget(100, Duration.ofMinutes(30));
        Duration pause = step();
        // 1 charged page per check may take 30 % of 100 calls over 30 min: a check every 60 s.
        assertTrue(pause.compareTo(Duration.ofSeconds(50)) > 0 && pause.compareTo(Duration.ofSeconds(70)) < 0,
                pause.toString());
        github.budget(0, Duration.ofMinutes(10));
        pause = step();
        assertTrue(pause.compareTo(Duration.ofMinutes(10)) >= 0, "no budget: wait for the reset, " + pause);
    }

    @Test
    void aTransientListingFailureIsRetriedSoonAndBacksOffOnlyWhenItPersists() throws Exception {
        reconciler(1, 0, Duration.ZERO);
        cloud.faults.always("list", () -> new ServerErrorException("list servers", 503, "down", null));
        assertEquals(Duration.ofSeconds(2), step());
        assertEquals(Duration.ofSeconds(2), step());
        assertEquals(Duration.ofSeconds(2), step());
        assertEquals(Duration.ofSeconds(15), step(), "persisting after three quick retries");
        assertEquals(Duration.ofSeconds(30), step());
        assertEquals("waiting", status.snapshot().juju()[0]);
        assertEquals(5, status.snapshot().failedCycles());
        cloud.faults.clear("list");
        assertEquals(FLOOR, step());
        assertEquals(0, status.snapshot().failedCycles());
        assertEquals(1, cloud.names().size());
    }

    @Test
    void anAuthenticationFailureBacksOffAtOnceAndBlocks() throws Exception {
        reconciler(1, 0, Duration.ZERO);
        github.faults.always("list", () -> new GitHubException.InvalidToken("bad credentials"));
        assertEquals(Duration.ofSeconds(15), step());
        assertEquals(Duration.ofSeconds(30), step());
        assertEquals("blocked", status.snapshot().juju()[0]);
    }

    @Test
    void aRateLimitWaitsForItsResetExactly() throws Exception {
        reconciler(1, 0, Duration.ZERO);
        Instant reset = T0.plus(Duration.ofMinutes(7));
        github.faults.next("list", 1, () -> new GitHubException.RateLimited("limited", reset, "core"));
        step();
        assertEquals(reset, clock.instant());
        assertTrue(status.snapshot().juju()[1].contains("rate limit"), status.snapshot().juju()[1]);
    }

    @Test
    void whenEveryCreationFailsTransientlyCreationPausesBrieflyWhileCleanupGoesOn() throws Exception {
        reconciler(2, 0, Duration.ZERO);
        cloud.faults.always("create", () -> new ServerErrorException("create server", 500, "boom", null));
        step();
        assertEquals(0, cloud.names().size());
        assertEquals(List.of(), github.names(), "registrations rolled back");
        int creates = cloud.creates.get();
        // The pause is short (2 s): the next cycle comes then, not at the floor.
        assertEquals(Duration.ofSeconds(2), Duration.between(T0, clock.instant()));
        cloud.faults.clear("create");
        step();
        assertTrue(cloud.creates.get() > creates);
        assertEquals(2, cloud.names().size());
    }

    @Test
    void aPartialCreationFailurePausesNothing() throws Exception {
        reconciler(3, 0, Duration.ZERO);
        cloud.faults.next("create", 1, () -> new ServerErrorException("create server", 503, "busy", null));
        assertEquals(FLOOR, step());
        assertEquals(2, cloud.names().size());
        step();
        assertEquals(3, cloud.names().size());
    }

    @Test
    void aFullQuotaPausesCreationLongerEachTimeAndSaysWhy() throws Exception {
        reconciler(1, 0, Duration.ZERO);
        cloud.faults.always("create", () -> new QuotaExceededException("create server", 403, "Quota exceeded for instances", null));
        step();
        int attempts = cloud.creates.get();
        assertTrue(status.snapshot().juju()[1].startsWith("OpenStack quota exceeded"), status.snapshot().juju()[1]);
        assertEquals("waiting", status.snapshot().juju()[0]);
        // Checks go on at the floor, but no creation is tried for 30 s, then 60 s.
        for (int i = 0; i < 9; i++) {
            step();
        }
        assertEquals(attempts, cloud.creates.get(), "no creation within the 30 s pause");
        clock.set(T0.plusSeconds(31));
        step();
        assertEquals(attempts + 1, cloud.creates.get());
        cloud.faults.clear("create");
        clock.advance(Duration.ofSeconds(61));
        step();
        assertEquals(1, cloud.names().size());
        assertEquals("active", status.snapshot().juju()[0]);
    }

    @Test
    void demandRaisesTheExpectedCountUpToTheCap() throws Exception {
        reconciler(1, 4, Duration.ZERO);
        demand.set(2);
        step();
        assertEquals(3, cloud.names().size());
        demand.set(10);
        step();
        assertEquals(4, cloud.names().size(), "max-total caps pool and reactive runners together");
        assertEquals(4, status.snapshot().counts().expected());
        assertTrue(status.snapshot().juju()[1].endsWith("4 expected, 10 queued"), status.snapshot().juju()[1]);
    }

    @Test
    void aDeadRunnersVmThatCouldNotBeRemovedStillHoldsItsPlaceUnderTheCap() throws Exception {
        reconciler(0, 3, Duration.ZERO);
        demand.set(3);
        step();
        github.allOnline();
        String first = github.names().get(0);
        github.busy(first);
        step();
        github.finish(first);
        cloud.faults.always("delete", () -> new ServerErrorException("delete server", 503, "down", null));
        step();
        assertEquals(3, cloud.names().size(), "the finished runner's VM is still there: no fourth VM beside it");
        cloud.faults.clear("delete");
        step();
        assertEquals(3, cloud.names().size(), "once it is gone, its replacement comes");
        assertFalse(cloud.names().stream().anyMatch(n -> n.value().equals(first)));
    }

    @Test
    void surplusIdleRunnersAreKeptForTheGraceThenRemovedButBusyOnesNever() throws Exception {
        reconciler(0, 0, Duration.ofMinutes(5));
        demand.set(2);
        step();
        github.allOnline();
        github.busy(github.names().get(0));
        demand.set(0);
        step();
        assertEquals(2, cloud.names().size(), "the idle surplus runner is young: kept");
        clock.advance(Duration.ofMinutes(6));
        step();
        assertEquals(1, cloud.names().size());
        assertEquals(github.busyNames().get(0), cloud.names().get(0).value(), "the busy runner stays");
    }

    @Test
    void aDrainCreatesNothingSaysSoAndLapsesByItself() throws Exception {
        reconciler(2, 0, Duration.ZERO);
        step();
        github.allOnline();
        var report = reconciler.drain(false, "new settings", Duration.ofMinutes(10));
        assertEquals(2, report.flushed());
        assertEquals(0, report.remaining());
        step();
        assertEquals(0, cloud.names().size(), "drained: nothing created");
        assertEquals("maintenance", status.snapshot().juju()[0]);
        assertTrue(status.snapshot().juju()[1].contains("new settings"), status.snapshot().juju()[1]);
        clock.advance(Duration.ofMinutes(10));
        step();
        assertEquals(2, cloud.names().size(), "the drain lapsed: the pool is back");
        assertEquals("active", status.snapshot().juju()[0]);
    }

    @Test
    void aBusyFlushRetriesFailedRemovalsUntilNothingIsLeft() throws Exception {
        reconciler(3, 0, Duration.ZERO);
        step();
        github.allOnline();
        github.busy(github.names().get(0));
        cloud.faults.next("delete", 2, () -> new ServerErrorException("delete server", 503, "busy", null));
        github.faults.next("list", 1, () -> new GitHubException.ServerError("list", 502));
        var report = reconciler.drain(true, "unit stopping", Duration.ofMinutes(10));
        assertEquals(List.of(), cloud.names());
        assertEquals(0, report.remaining());
        assertEquals(3, report.flushed());
    }

    @Test
    void onlyABusyDrainSweepsEveryKeypairWithoutAServerAndRetriesTheSweep() throws Exception {
        reconciler(2, 0, Duration.ZERO);
        step();
        github.allOnline();
        reconciler.drain(false, "new settings", Duration.ofMinutes(10));
        assertEquals(0, cloud.orphanSweeps.get(), "an idle drain may precede new runners: keypairs keep their age guard");

        cloud.faults.next("orphans", 2, () -> new ServerErrorException("list keypairs", 503, "busy", null));
        Instant before = clock.instant();
        reconciler.drain(true, "unit stopping", Duration.ofMinutes(10));
        assertEquals(3, cloud.orphanSweeps.get(), "two failed sweeps, then one that worked");
        assertTrue(clock.instant().isAfter(before), "with pauses in between");
    }

    @Test
    void anIdleFlushKeepsTheBusyAndTheLoopReplacesTheRest() throws Exception {
        reconciler(2, 0, Duration.ZERO);
        step();
        github.allOnline();
        String busy = github.names().get(0);
        github.busy(busy);
        var report = reconciler.flush(false);
        assertEquals(1, report.flushed());
        assertEquals(0, report.remaining(), "busy runners are not asked for by an idle flush");
        assertObserved("delete_runner_duration_seconds", 1);
        assertObserved("delete_vm_duration_seconds", 1);
        step();
        assertEquals(2, cloud.names().size());
        assertTrue(cloud.names().stream().anyMatch(n -> n.value().equals(busy)));
    }

    @Test
    void statusCountsAreThoseAfterTheCycleNotBefore() throws Exception {
        reconciler(3, 0, Duration.ZERO);
        step();
        github.allOnline();
        step();
        String gone = github.names().get(0);
        github.finish(gone);
        step();
        var counts = status.snapshot().counts();
        assertEquals(3, counts.vms(), "the finished VM removed and its replacement counted");
        assertEquals(2, counts.idle());
        assertEquals(1, counts.starting());
    }
}
