package githubrunner.charm.handlers;

import githubrunner.contract.ManagerApi;
import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.ManagerClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** check-runners: the unit's runners as GitHub sees them; with MongoDB, the queue too. */
public final class CheckRunnersAction implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        ManagerApi.RunnerReport info;
        try {
            info = ManagerClient.forUnit(context.files()).checkRunners();
        } catch (ManagerClient.Unavailable e) {
            context.juju().actionFail("Failed runner manager request: " + e.getMessage());
            return;
        }
        Map<String, String> results = new LinkedHashMap<>();
        results.put("online", Integer.toString(info.online()));
        results.put("busy", Integer.toString(info.busy()));
        results.put("offline", Integer.toString(info.offline()));
        results.put("unknown", Integer.toString(info.unknown()));
        results.put("runners", names(info.runners()));
        results.put("busy-runners", names(info.busyRunners()));
        ManagerApi.Queue queue = info.queue();
        if (queue != null) {
            // reactive: the application's queue, this unit's waiting jobs and its consumers
            results.put("queued", queue.queued() < 0 ? "unknown" : Long.toString(queue.queued()));
            results.put("runner-requests", Integer.toString(queue.requests()));
            results.put("consumers", Integer.toString(queue.consumers()));
            if (queue.problem() != null) {
                results.put("reactive-problem", queue.problem());
            }
        }
        context.juju().actionSet(results);
    }

    static String names(List<String> names) {
        return names == null ? "" : String.join(",", names);
    }
}
