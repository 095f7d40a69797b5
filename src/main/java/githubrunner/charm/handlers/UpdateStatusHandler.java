package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.juju.UnitStatus;

/** update-status: keep showing the outcome of the last configuration. */
public final class UpdateStatusHandler implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        UnitStatus status = context.files().readConfigStatus();
        context.juju().statusSet(status != null ? status
                : UnitStatus.blocked("Not configured yet: set path and credentials with juju config"));
    }
}
