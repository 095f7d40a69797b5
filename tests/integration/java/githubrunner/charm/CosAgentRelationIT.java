package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.charm.cos.CosAgentDecoder;
import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.juju.JujuState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed charm under the Juju emulator, integrated with a collector: the unit bag it writes
 * is read back as the relation shows it and decoded from the library's spec (xz, base64, uid,
 * tags, rule group names, the scrape target on the manager's own port), and written again when
 * the configuration changes.
 */
class CosAgentRelationIT {
    @TempDir Path work;

    @Test
    void theUnitBagRoundTripsAndFollowsTheManagersPort() throws Exception {
        JujuLocal juju = PackedCharm.installedUnit(work);
        juju.setConfig(PackedCharm.validConfig());
        assertEquals(0, juju.runHook("config-changed").exitCode());
        for (JujuLocal.HookRun run : juju.integrate("cos-agent", "grafana-agent", Map.of("grafana-agent/0", Map.of()))) {
            assertEquals(0, run.exitCode(), run.event() + ": " + run.stderr());
        }
        JujuState state = juju.state();
        JujuState.Relation relation = state.relations.stream().filter(r -> r.endpoint.equals("cos-agent")).findFirst()
                .orElseThrow();
        String config = relation.localUnitData.get("config");
        assertEquals(List.of("config"), List.copyOf(relation.localUnitData.keySet()), "one key, config");
        CosAgentDecoder.Decoded decoded = CosAgentDecoder.decode(config);

        int port = Integer.parseInt(Files.readString(juju.rootDir()
                .resolve("var/lib/github-runner-manager/github-runner-0/http_port")).strip());
        JsonNode job = decoded.config().get("metrics_scrape_jobs").get(0);
        assertEquals("localhost:" + port, job.at("/static_configs/0/targets/0").asText());
        assertTrue(job.get("job_name").asText().matches("github-runner_github-runner_[0-9a-f]{8}"), job.toString());

        String identifier = (state.model + "_" + state.modelUuid.substring(0, 8) + "_github-runner")
                .replaceAll("[^a-zA-Z0-9_:]", "_");
        List<String> groups = new ArrayList<>();
        decoded.config().at("/metrics_alert_rules/groups").forEach(g -> groups.add(g.get("name").asText()));
        assertTrue(groups.contains(identifier + "_HostHealth_rules"), groups.toString());
        assertTrue(groups.stream().allMatch(g -> g.startsWith(identifier + "_") && g.endsWith("_rules")), groups.toString());
        decoded.config().at("/log_alert_rules/groups").forEach(g -> assertTrue(g.get("name").asText().startsWith(identifier)));
        assertEquals(2, decoded.dashboards().size());
        for (JsonNode dashboard : decoded.dashboards()) {
            assertTrue(dashboard.get("uid").asText().matches("[0-9a-f]{40}"), dashboard.get("uid").asText());
            assertTrue(dashboard.get("tags").toString().contains("charm: github-runner"));
        }

        // config-changed and upgrade-charm write it again: seen through a model name that changed meanwhile.
        juju.setModelEnvironment("JUJU_MODEL_NAME", "renamed");
        assertEquals(0, juju.runHook("config-changed").exitCode());
        assertTrue(bag(juju).contains("renamed_00000000_github_runner_HostHealth_rules"), "config-changed refreshes the bag");
        juju.setModelEnvironment("JUJU_MODEL_NAME", "again");
        JujuLocal.HookRun upgrade = juju.runHook("upgrade-charm");
        assertEquals(0, upgrade.exitCode(), upgrade.stderr());
        assertTrue(bag(juju).contains("again_00000000_github_runner_HostHealth_rules"), "upgrade-charm refreshes the bag");
    }

    private static String bag(JujuLocal juju) {
        return juju.state().relations.stream().filter(r -> r.endpoint.equals("cos-agent")).findFirst().orElseThrow()
                .localUnitData.get("config");
    }
}
