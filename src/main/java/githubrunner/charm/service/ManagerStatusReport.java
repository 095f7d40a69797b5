package githubrunner.charm.service;

import githubrunner.charm.ManagerClient;
import githubrunner.charm.UnitFiles;
import githubrunner.juju.UnitStatus;

/** The unit's Juju status as its runner manager reports it. */
public final class ManagerStatusReport {
    private ManagerStatusReport() {}

    public static UnitStatus fromManager(UnitFiles files) {
        try {
            String[] status = ManagerClient.forUnit(files).jujuStatus();
            return new UnitStatus(UnitStatus.Kind.fromJujuName(status[0]), status[1]);
        } catch (ManagerClient.Unavailable | IllegalArgumentException e) {
            return UnitStatus.maintenance("Runner manager not responding (see " + files.managerLog() + ")");
        }
    }
}
