package githubrunner.charm.cos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bag value built from the charm's own files, read back by the spec-written decoder. */
class CosAgentConfigTest {
    static final CosAgentConfig.Topology TOPOLOGY = new CosAgentConfig.Topology("my-model",
            "5d6a8d52-4a44-4c7e-8fd3-e1b8ec1a6b07", "github-runner", "github-runner");
    static final String IDENTIFIER = "my_model_5d6a8d52_github_runner";
    @TempDir Path charm;

    /** The charm directory as the .charm has it: src/charm/cos/* packed under src/. */
    static Path charmDir(Path dir) throws IOException {
        Path source = Path.of("src/charm/cos");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve("src").resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return dir;
    }

    @Test
    void hashesMatchPython() {
        assertEquals("3a64810933bfb3baa916a8f21078acf505f9b39d",
                Hashes.shake256Hex("github-runner-src/grafana_dashboards/metrics.json", 20));
        assertEquals("35a2940a1731f5348b49601002839120309004ea", Hashes.shake256Hex("x".repeat(300), 20),
                "more than one block");
        assertEquals("bdff4356", Hashes.blake2bHex(
                "{\"metrics_path\": \"/metrics\", \"static_configs\": [{\"targets\": [\"localhost:55555\"]}]}", 4));
        assertEquals("e75e47c6", Hashes.blake2bHex("y".repeat(300), 4));
        assertEquals("1271cf25", Hashes.blake2bHex("", 4));
    }

    @Test
    void pythonJsonSortsAndSpaces() throws IOException {
        JsonNode job = new ObjectMapper().readTree("{\"static_configs\":[{\"targets\":[\"localhost:55555\"]}],\"metrics_path\":\"/metrics\"}");
        assertEquals("{\"metrics_path\": \"/metrics\", \"static_configs\": [{\"targets\": [\"localhost:55555\"]}]}",
                PythonJson.dumpsSorted(job));
        assertEquals("[\"caf\\u00e9\", null, true, 1.5]", PythonJson.dumpsSorted(new ObjectMapper().readTree("[\"café\", null, true, 1.5]")));
    }

    @Test
    void theBagRoundTripsThroughTheDecoder() throws Exception {
        String config = new CosAgentConfig(charmDir(charm), TOPOLOGY).json(List.of(
                new CosAgentConfig.ScrapeTarget("github-runner", 55555, "/metrics")));
        CosAgentDecoder.Decoded decoded = CosAgentDecoder.decode(config);
        JsonNode root = decoded.config();
        assertTrue(root.has("subordinate") && root.get("subordinate").isNull(), "null fields are present");
        assertTrue(root.get("tracing_protocols").isNull());
        assertEquals(0, root.get("log_slots").size());

        JsonNode job = root.get("metrics_scrape_jobs").get(0);
        assertEquals("github-runner_github-runner_bdff4356", job.get("job_name").asText());
        assertEquals("localhost:55555", job.at("/static_configs/0/targets/0").asText());

        assertEquals(2, decoded.dashboards().size());
        assertTrue(config.contains("\"/Td6WFoAAA"), "Python's lzma container, as the library's output starts");
        List<String> uids = new ArrayList<>();
        for (JsonNode dashboard : decoded.dashboards()) {
            uids.add(dashboard.get("uid").asText());
            List<String> tags = new ArrayList<>();
            dashboard.get("tags").forEach(t -> tags.add(t.asText()));
            assertTrue(tags.contains("charm: github-runner"), tags.toString());
        }
        assertEquals(List.of("3a64810933bfb3baa916a8f21078acf505f9b39d",
                Hashes.shake256Hex("github-runner-src/grafana_dashboards/metrics_prometheus.json", 20)), uids);

        List<String> metricGroups = names(root.at("/metrics_alert_rules/groups"));
        assertEquals(List.of(IDENTIFIER + "_github-runner-apis_rules", IDENTIFIER + "_github-runner-fleet_rules",
                IDENTIFIER + "_github-runner-reactive_rules", IDENTIFIER + "_github-runner-router_rules",
                IDENTIFIER + "_HostHealth_rules"), metricGroups);
        assertEquals(List.of(IDENTIFIER + "_github-runner-capacity_rules", IDENTIFIER + "_github-runner-failure_rules"),
                names(root.at("/log_alert_rules/groups")));
        for (JsonNode group : root.at("/metrics_alert_rules/groups")) {
            for (JsonNode rule : group.get("rules")) {
                assertEquals("my-model", rule.at("/labels/juju_model").asText(), rule.toString());
                assertEquals("github-runner", rule.at("/labels/juju_charm").asText());
                assertTrue(rule.at("/labels/severity").isTextual(), "own labels kept");
            }
        }
    }

    @Test
    void withoutLogRulesTheLogFieldIsAnEmptyObject() throws Exception {
        charmDir(charm);
        for (String dir : List.of("src/loki_alert_rules", "src/prometheus_alert_rules")) {
            try (Stream<Path> rules = Files.list(charm.resolve(dir))) {
                for (Path file : rules.toList()) {
                    Files.delete(file);
                }
            }
        }
        JsonNode root = new ObjectMapper().readTree(new CosAgentConfig(charm, TOPOLOGY).json(List.of()));
        assertEquals("{}", root.get("log_alert_rules").toString());
        assertEquals(List.of(IDENTIFIER + "_HostHealth_rules"), names(root.at("/metrics_alert_rules/groups")),
                "the generic group is always there");
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.get("name").asText()));
        return names;
    }
}
