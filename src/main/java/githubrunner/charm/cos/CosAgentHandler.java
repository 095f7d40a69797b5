package githubrunner.charm.cos;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.service.ManagerPorts;
import githubrunner.charm.service.RouterService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cos-agent joined or changed, config-changed, upgrade-charm, the mongodb relation's events and
 * secret-changed: writes this unit's {@code config} to every relation on the endpoint, so
 * grafana-agent (or the otel collector) scrapes the manager on localhost, and the webhook router
 * while the unit hosts one, and forwards the alert rules and dashboards. Without a relation it
 * costs one relation-ids call: the XZ and YAML classes are loaded only when there is one.
 */
public final class CosAgentHandler implements Handler {
    public static final String ENDPOINT = "cos-agent";
    static final String MANAGER_JOB = "github-runner";
    /** The webhook router this unit hosts, while it hosts one. */
    static final String ROUTER_JOB = "github-runner-webhook-router";
    static final String DEFAULT_CHARM_NAME = "github-runner";

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        List<String> relations = context.juju().relationIds(ENDPOINT);
        if (relations.isEmpty()) {
            return;
        }
        int managerPort = new ManagerPorts(context.host()).allocate(context.files(), context.unit().number());
        CosAgentConfig.Topology topology = new CosAgentConfig.Topology(
                context.environment().getOrDefault("JUJU_MODEL_NAME", ""),
                context.environment().getOrDefault("JUJU_MODEL_UUID", ""),
                context.unit().application(), charmName(context.charmDir()));
        List<CosAgentConfig.ScrapeTarget> targets = new ArrayList<>(List.of(
                new CosAgentConfig.ScrapeTarget(MANAGER_JOB, managerPort, "/metrics")));
        Integer routerPort = new RouterService(context).hostedPort();
        if (routerPort != null) {
            targets.add(new CosAgentConfig.ScrapeTarget(ROUTER_JOB, routerPort, "/metrics"));
        }
        String config = new CosAgentConfig(context.charmDir(), topology).json(targets);
        for (String relation : relations) {
            context.juju().relationSet(relation, Map.of("config", config), false);
        }
    }

    /** The {@code name:} of metadata.yaml (what the library calls the charm name). */
    static String charmName(Path charmDir) throws IOException {
        Path metadata = charmDir.resolve("metadata.yaml");
        if (Files.exists(metadata)) {
            for (String line : Files.readAllLines(metadata)) {
                if (line.startsWith("name:")) {
                    return line.substring(5).strip();
                }
            }
        }
        return DEFAULT_CHARM_NAME;
    }
}
