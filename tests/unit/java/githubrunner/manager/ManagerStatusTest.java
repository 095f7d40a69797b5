package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.contract.ManagerApi;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManagerStatusTest {
    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void startingUntilTheFirstReconcileThenCounts() {
        ManagerStatus status = new ManagerStatus(T0);
        assertArrayEquals(new String[] {"maintenance", "Runner manager starting"}, status.snapshot().juju());
        status.looked(new ManagerStatus.Reconcile("full", T0, Duration.ofSeconds(2), "ok", null),
                new ManagerStatus.Counts(3, 1, 2, 0, 6, 6), 0);
        assertArrayEquals(new String[] {"active", "3 idle, 1 busy, 2 starting, 6 expected"}, status.snapshot().juju());
    }

    @Test
    void countsComeFromTheLastSuccessfulLookWithTheirAge() {
        ManagerStatus status = new ManagerStatus(T0);
        status.looked(new ManagerStatus.Reconcile("check", T0, Duration.ZERO, "ok", null),
                new ManagerStatus.Counts(2, 0, 0, 0, 2, 2), 0);
        status.lookFailed(new ManagerStatus.Reconcile("check", T0.plusSeconds(300), Duration.ZERO, "failed", "down"));
        assertEquals(T0, status.snapshot().countsAt());
        assertEquals(2, status.snapshot().counts().idle());
        assertEquals(1, status.snapshot().failedCycles());
        assertEquals("2 idle, 0 busy, 2 expected (as of 5 min ago)", status.snapshot().juju(T0.plusSeconds(300))[1]);
    }

    @Test
    void theQueueIsShownAndAReactiveProblemIsWaitingWithTheBasePoolInView() {
        ManagerStatus status = new ManagerStatus(T0);
        status.looked(new ManagerStatus.Reconcile("check", T0, Duration.ZERO, "ok", null),
                new ManagerStatus.Counts(3, 1, 0, 0, 4, 4), 1);
        status.queue(new ManagerApi.Queue(2, 1, 2, null));
        assertArrayEquals(new String[] {"active", "3 idle, 1 busy, 4 expected, 2 queued"}, status.snapshot().juju(T0));
        status.queue(new ManagerApi.Queue(-1, 1, 2, "MongoDB unreachable (ConnectException: Connection refused): "
                + "reactive runners paused"));
        assertArrayEquals(new String[] {"waiting", "MongoDB unreachable (ConnectException: Connection refused): "
                + "reactive runners paused; 3 idle, 1 busy, 4 expected, 1 queued"}, status.snapshot().juju(T0),
                "an unknown queue depth shows the unit's own waiting jobs");
        status.problem(new Problem(Problem.Kind.GITHUB_TOKEN_INVALID, "GitHub rejects the token", T0, null));
        assertEquals("blocked", status.snapshot().juju(T0)[0], "what the operator must fix comes first");
    }

    @Test
    void aDrainIsShownFirstAndIsNeverActive() {
        ManagerStatus status = new ManagerStatus(T0);
        status.looked(new ManagerStatus.Reconcile("check", T0, Duration.ZERO, "ok", null), ManagerStatus.Counts.NONE, 0);
        status.drain(new ManagerStatus.Drain("unit stopping", T0, T0.plusSeconds(600)));
        assertArrayEquals(new String[] {"maintenance", "Draining runners (unit stopping): no new runners"},
                status.snapshot().juju());
        status.drain(null);
        assertEquals("active", status.snapshot().juju()[0]);
    }

    @Test
    void problemsComeFirstWithTheirResetTime() {
        ManagerStatus status = new ManagerStatus(T0);
        status.looked(new ManagerStatus.Reconcile("check", T0, Duration.ZERO, "ok", null), ManagerStatus.Counts.NONE, 0);
        status.problem(new Problem(Problem.Kind.GITHUB_RATE_LIMITED, "GitHub API rate limit reached", T0,
                Instant.parse("2026-11-22T13:05:00Z")));
        assertArrayEquals(new String[] {"waiting", "GitHub API rate limit reached until 13:05 UTC"}, status.snapshot().juju());
        status.problem(new Problem(Problem.Kind.GITHUB_TOKEN_INVALID, "GitHub rejects the token", T0, null));
        assertEquals("blocked", status.snapshot().juju()[0]);
        status.clearProblem();
        assertEquals("active", status.snapshot().juju()[0]);
    }

    @Test
    void aRecurringProblemKeepsWhenItStarted() {
        ManagerStatus status = new ManagerStatus(T0);
        status.problem(new Problem(Problem.Kind.OPENSTACK_QUOTA_EXCEEDED, "quota", T0, null));
        status.problem(new Problem(Problem.Kind.OPENSTACK_QUOTA_EXCEEDED, "quota", T0.plusSeconds(60), null));
        assertEquals(T0, status.snapshot().problem().since());
    }

    @Test
    void worstProblemIsTheOneNeedingTheOperator() {
        Problem waiting = new Problem(Problem.Kind.OPENSTACK_UNAVAILABLE, "down", T0, null);
        Problem blocked = new Problem(Problem.Kind.OPENSTACK_AUTH_FAILED, "auth", T0, null);
        assertEquals(blocked, Problems.worst(waiting, blocked));
        assertEquals(blocked, Problems.worst(blocked, waiting));
        assertEquals(waiting, Problems.worst(null, waiting));
    }
}
