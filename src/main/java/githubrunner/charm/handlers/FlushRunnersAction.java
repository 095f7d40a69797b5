package githubrunner.charm.handlers;

import githubrunner.contract.ManagerApi;
import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.ManagerClient;
import java.util.Map;

/** flush-runners: remove idle runners (all with flush-busy) so fresh ones replace them. */
public final class FlushRunnersAction implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        boolean busy = Boolean.TRUE.equals(context.juju().actionGet().get("flush-busy"));
        ManagerApi.FlushReport flushed;
        try {
            var client = ManagerClient.forUnit(context.files());
            context.juju().actionLog(busy ? "Flushing all runners, busy ones included" : "Flushing idle runners");
            flushed = client.flushRunners(busy);
        } catch (ManagerClient.Unavailable e) {
            context.juju().actionFail("Failed runner manager request: " + e.getMessage());
            return;
        }
        context.juju().actionSet(Map.of(
                "flushed", Integer.toString(flushed.flushed()),
                "runners", CheckRunnersAction.names(flushed.runners())));
    }
}
