package githubrunner.charm.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.HostCommands;
import githubrunner.charm.service.ManagerService;
import githubrunner.charm.service.RouterService;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * redeliver-failed-webhooks (parameters as the Python router's: since, github-path, webhook-id):
 * runs {@code github-runner webhook-router redeliver} with the hosted router's 0600 config, which
 * holds the charm's GitHub credentials (nothing secret goes on the command line), and reports
 * what it did.
 */
public final class RedeliverWebhooksAction implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        Map<String, Object> params = context.juju().actionGet();
        Object since = params.get("since");
        Object hookId = params.get("webhook-id");
        Object path = params.get("github-path");
        if (!(since instanceof Number) || !(hookId instanceof Number) || !(path instanceof String)) {
            context.juju().actionFail("Invalid action parameters passed: since, webhook-id and github-path are required");
            return;
        }
        RouterService router = new RouterService(context);
        if (!Files.exists(router.configFile())) {
            context.juju().actionFail("The webhook router is not set up on this unit: set webhook-router-flavours, "
                    + "webhook-secret-id and integrate mongodb (the action uses its configuration)");
            return;
        }
        context.juju().actionLog("Looking for failed deliveries of hook " + hookId + " on " + path);
        HostCommands.Result result = context.commands().run(List.of(ManagerService.javaBinary(context), "-jar",
                context.charmDir().resolve("lib/github-runner.jar").toString(), "webhook-router", "redeliver",
                "--config", router.configFile().toString(), "--since", Long.toString(((Number) since).longValue()),
                "--webhook-id", Long.toString(((Number) hookId).longValue()), "--github-path", (String) path));
        JsonNode counts = lastJsonLine(result.output());
        if (!result.succeeded() || counts == null) {
            context.juju().actionFail("Webhook redelivery failed: " + lastLine(result.output()));
            return;
        }
        Map<String, String> results = new LinkedHashMap<>();
        counts.fields().forEachRemaining(field -> results.put(field.getKey(), field.getValue().asText()));
        context.juju().actionSet(results);
    }

    /** The command's result line; its log lines (stderr) share the output. */
    private static JsonNode lastJsonLine(String output) {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{\"redelivered\"")) {
                try {
                    return new ObjectMapper().readTree(lines[i]);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
