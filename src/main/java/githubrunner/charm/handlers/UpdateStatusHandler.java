package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.service.ManagerStatusReport;
import githubrunner.juju.UnitStatus;

/**
 * update-status: a configuration problem stays in front until it is fixed; otherwise the unit
 * shows what its runner manager reports (runner counts, or why runners are missing).
 */
public final class UpdateStatusHandler implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        UnitStatus configured = context.files().readConfigStatus();
        if (configured == null) {
            context.juju().statusSet(UnitStatus.blocked("Not configured yet: set path and credentials with juju config"));
        } else if (configured.kind() != UnitStatus.Kind.ACTIVE) {
            context.juju().statusSet(configured);
        } else {
            context.juju().statusSet(ManagerStatusReport.fromManager(context.files()));
        }
    }
}
