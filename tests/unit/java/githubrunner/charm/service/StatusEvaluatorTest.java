package githubrunner.charm.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.charm.ManagerClient;
import githubrunner.contract.ManagerApi;
import githubrunner.juju.UnitStatus;
import org.junit.jupiter.api.Test;

class StatusEvaluatorTest {
    static final String LOG = "/var/log/github-runner-manager/github-runner-0.log";
    static final StatusEvaluator.ManagerView COUNTS = () -> new ManagerApi.JujuStatus("active", "2 idle, 0 busy, 2 expected");
    static final StatusEvaluator.ManagerView DOWN = () -> {
        throw new ManagerClient.Unavailable("connection refused");
    };

    @Test
    void aConfigurationProblemComesBeforeEverythingTheManagerSays() {
        UnitStatus blocked = UnitStatus.blocked("Invalid value for reconcile-interval: 0 (1 to 1440)");
        assertEquals(blocked, StatusEvaluator.evaluate(blocked, COUNTS, LOG));
        assertEquals(blocked, StatusEvaluator.evaluate(blocked, DOWN, LOG));
        UnitStatus waiting = UnitStatus.waiting("Waiting for image over integration.");
        assertEquals(waiting, StatusEvaluator.evaluate(waiting, COUNTS, LOG));
    }

    @Test
    void beforeAnyConfigurationTheUnitAsksForIt() {
        assertEquals(UnitStatus.Kind.BLOCKED, StatusEvaluator.evaluate(null, COUNTS, LOG).kind());
    }

    @Test
    void aConfiguredUnitShowsItsManagerOrThatItDoesNotAnswer() {
        UnitStatus ok = UnitStatus.active("");
        assertEquals(UnitStatus.active("2 idle, 0 busy, 2 expected"), StatusEvaluator.evaluate(ok, COUNTS, LOG));
        assertEquals(UnitStatus.maintenance("Runner manager not responding (see " + LOG + ")"),
                StatusEvaluator.evaluate(ok, DOWN, LOG));
        assertEquals(UnitStatus.maintenance("Draining runners (unit stopping): no new runners"), StatusEvaluator.evaluate(ok,
                () -> new ManagerApi.JujuStatus("maintenance", "Draining runners (unit stopping): no new runners"), LOG));
        assertEquals(UnitStatus.Kind.MAINTENANCE, StatusEvaluator.evaluate(ok,
                () -> new ManagerApi.JujuStatus("no-such-status", "x"), LOG).kind(), "garbage from the manager is not trusted");
    }
}
