package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.service.StatusEvaluator;

/** update-status: the unit's status as {@link StatusEvaluator} ranks it. */
public final class UpdateStatusHandler implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        context.juju().statusSet(StatusEvaluator.current(context.files()));
    }
}
