package githubrunner.charm.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.ManagerClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** check-runners: the unit's runners as GitHub sees them. */
public final class CheckRunnersAction implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        JsonNode info;
        try {
            info = ManagerClient.forUnit(context.files()).checkRunners();
        } catch (ManagerClient.Unavailable e) {
            context.juju().actionFail("Failed runner manager request: " + e.getMessage());
            return;
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String key : List.of("online", "busy", "offline", "unknown")) {
            results.put(key, Integer.toString(info.path(key).asInt(0)));
        }
        results.put("runners", names(info.path("runners")));
        results.put("busy-runners", names(info.path("busy_runners")));
        context.juju().actionSet(results);
    }

    static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(name -> names.add(name.asText()));
        return String.join(",", names);
    }
}
