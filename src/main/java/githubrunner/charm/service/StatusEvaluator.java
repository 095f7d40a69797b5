package githubrunner.charm.service;

import githubrunner.charm.ManagerClient;
import githubrunner.charm.UnitFiles;
import githubrunner.contract.ManagerApi;
import githubrunner.juju.UnitStatus;
import java.io.IOException;

/**
 * The one place that decides what {@code juju status} shows for the unit, most urgent first:
 * <ol>
 *   <li>a configuration problem (Blocked or Waiting, naming the option), which the operator must
 *       fix; a running manager keeps its last valid configuration meanwhile;
 *   <li>no configuration yet;
 *   <li>a manager that does not answer (Maintenance, pointing at its log);
 *   <li>the manager's own status: a drain, a problem (rate limit, quota, auth...), or the counts.
 * </ol>
 */
public final class StatusEvaluator {
    /** Reads what the manager says; a seam for tests. */
    @FunctionalInterface
    public interface ManagerView {
        ManagerApi.JujuStatus status() throws ManagerClient.Unavailable;
    }

    private StatusEvaluator() {}

    /** The unit's status from its files and its manager. */
    public static UnitStatus current(UnitFiles files) throws IOException {
        return evaluate(files.readConfigStatus(), () -> ManagerClient.forUnit(files).jujuStatus(),
                files.managerLog().toString());
    }

    /**
     * @param configured the outcome of the last configuration, null before the first
     * @param manager the manager's own status, asked only when the configuration is fine
     */
    public static UnitStatus evaluate(UnitStatus configured, ManagerView manager, String managerLog) {
        if (configured == null) {
            return UnitStatus.blocked("Not configured yet: set path and credentials with juju config");
        }
        if (configured.kind() != UnitStatus.Kind.ACTIVE) {
            return configured;
        }
        try {
            ManagerApi.JujuStatus status = manager.status();
            return new UnitStatus(UnitStatus.Kind.fromJujuName(status.status()), status.message());
        } catch (ManagerClient.Unavailable | IllegalArgumentException e) {
            return UnitStatus.maintenance("Runner manager not responding (see " + managerLog + ")");
        }
    }
}
