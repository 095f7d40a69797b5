package githubrunner.charm.cos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.metrics.ApiCallMetrics;
import githubrunner.metrics.FleetMetrics;
import githubrunner.metrics.ReactiveMetrics;
import githubrunner.metrics.RouterMetrics;
import githubrunner.testing.EventSchema;
import githubrunner.testing.Executables;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charm's alert rules and dashboards are checked, not trusted: promtool on every Prometheus
 * rule (as sent, HostHealth included), every Loki query and Loki panel against the event schema,
 * every PromQL series against the series the code registers, every dashboard as Grafana reads it.
 */
class ObservabilityFilesTest {
    private static final Path COS = Path.of("src/charm/cos");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern JSON_STAGE = Pattern.compile("\\|\\s*json\\s+((?:\\w+=\"[^\"]+\"\\s*,?\\s*)+)");
    private static final Pattern MAPPING = Pattern.compile("(\\w+)=\"([^\"]+)\"");
    private static final Pattern LABEL_FILTER = Pattern.compile("\\|\\s*(\\w+)\\s*(=~|!=|!~|=|>=|<=|>|<)\\s*\"?([^\"|\\s]*)\"?");
    private static final Pattern UNWRAP = Pattern.compile("unwrap\\s+(\\w+)");
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern SERIES = Pattern.compile("\\b([a-z][a-z0-9_]*)\\s*(?=\\{|\\[)");
    @TempDir Path work;

    @Test
    void promtoolAcceptsEveryPrometheusRuleAsSent() throws Exception {
        String promtool = Executables.require("promtool");
        List<Path> files = files(COS.resolve("prometheus_alert_rules"));
        assertFalse(files.isEmpty());
        Path sent = work.resolve("sent.rules.json");
        Files.writeString(sent, JSON.writeValueAsString(new CosAgentConfig(CosAgentConfigTest.charmDir(work.resolve("charm")),
                CosAgentConfigTest.TOPOLOGY).metricsRules()));
        List<String> command = new ArrayList<>(List.of(promtool, "check", "rules"));
        files.forEach(f -> command.add(f.toString()));
        command.add(sent.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "promtool did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("SUCCESS: 12 rules found"), "the sent file: ours plus HostDown, HostMetricsMissing\n" + output);
    }

    @Test
    void everyLokiQueryUsesOnlyFieldsTheEventsHave() throws Exception {
        Map<String, Set<String>> fields = eventFields();
        List<String> queries = new ArrayList<>();
        for (Path file : files(COS.resolve("loki_alert_rules"))) {
            for (JsonNode group : YAML.readTree(file.toFile()).get("groups")) {
                group.get("rules").forEach(rule -> queries.add(rule.get("expr").asText()));
            }
        }
        JsonNode dashboard = JSON.readTree(COS.resolve("grafana_dashboards/metrics.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.path("datasource").path("type").asText().equals("loki")) {
                panel.get("targets").forEach(t -> queries.add(t.get("expr").asText()));
            }
        }
        assertTrue(queries.size() > 30, "rules and panels found: " + queries.size());
        List<String> problems = new ArrayList<>();
        for (String query : queries) {
            problems.addAll(check(query, fields));
        }
        assertEquals(List.of(), problems);
        assertFalse(check("{filename=\"x\"} | json event=\"event\", q=\"queue_time\" | event=\"runner_start\" | unwrap q [1h]",
                fields).isEmpty(), "the check notices a field no event has");
    }

    /** Each json stage maps labels to event fields; filters, unwraps and groupings use those labels. */
    private static List<String> check(String query, Map<String, Set<String>> fields) {
        List<String> problems = new ArrayList<>();
        Set<String> allFields = new HashSet<>();
        fields.values().forEach(allFields::addAll);
        Set<String> labels = new HashSet<>(Set.of("filename", "juju_model", "juju_application", "juju_unit", "juju_model_uuid"));
        Matcher stage = JSON_STAGE.matcher(query);
        boolean any = false;
        while (stage.find()) {
            any = true;
            Matcher mapping = MAPPING.matcher(stage.group(1));
            while (mapping.find()) {
                labels.add(mapping.group(1));
                if (!allFields.contains(mapping.group(2))) {
                    problems.add("no event has field " + mapping.group(2) + ": " + query);
                }
            }
        }
        if (!any) {
            problems.add("no json stage: " + query);
        }
        Matcher filter = LABEL_FILTER.matcher(query);
        while (filter.find()) {
            if (filter.group(1).equals("json") || filter.group(1).equals("unwrap")) {
                continue;
            }
            if (!labels.contains(filter.group(1))) {
                problems.add("filter on " + filter.group(1) + ", not extracted: " + query);
            }
            if (filter.group(1).equals("event") && !fields.containsKey(filter.group(3))) {
                problems.add("no event is called " + filter.group(3) + ": " + query);
            }
        }
        for (Pattern pattern : List.of(UNWRAP, BY)) {
            Matcher used = pattern.matcher(query);
            while (used.find()) {
                for (String label : used.group(1).split(",")) {
                    if (!label.isBlank() && !labels.contains(label.strip())) {
                        problems.add(label.strip() + " used, not extracted: " + query);
                    }
                }
            }
        }
        // A field must belong to the event the query selects.
        Matcher event = Pattern.compile("\\|\\s*event\\s*=\\s*\"(\\w+)\"").matcher(query);
        while (event.find()) {
            Set<String> own = fields.getOrDefault(event.group(1), Set.of());
            Matcher mapping = MAPPING.matcher(query.substring(0, event.start()).replaceAll("(?s).*\\|\\s*json", ""));
            while (mapping.find()) {
                if (!own.contains(mapping.group(2))) {
                    problems.add(event.group(1) + " has no field " + mapping.group(2) + ": " + query);
                }
            }
        }
        return problems;
    }

    /** Event name to its field paths (nested ones dotted), from the committed schema. */
    private static Map<String, Set<String>> eventFields() throws IOException {
        JsonNode defs = JSON.readTree(EventSchema.text()).get("$defs");
        Map<String, Set<String>> result = new java.util.TreeMap<>();
        for (String event : List.of("runner_installed", "runner_start", "runner_stop", "reconciliation")) {
            Set<String> paths = new TreeSet<>();
            defs.get(event).get("properties").fields().forEachRemaining(property -> {
                paths.add(property.getKey());
                property.getValue().path("properties").fieldNames()
                        .forEachRemaining(nested -> paths.add(property.getKey() + "." + nested));
            });
            result.put(event, paths);
        }
        return result;
    }

    @Test
    void everyPromQlSeriesIsOneTheCodeRegisters() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        new FleetMetrics(registry, "f");
        ApiCallMetrics.registerGitHub(registry, Map::of, Optional::empty, Clock.systemUTC());
        ApiCallMetrics.registerOpenStack(registry, Map::of);
        new ReactiveMetrics(registry, "f");
        new RouterMetrics(registry);
        Set<String> known = new HashSet<>(Set.of("up"));
        for (MetricSnapshot snapshot : registry.scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            known.addAll(List.of(name, name + "_total", name + "_bucket", name + "_count", name + "_sum"));
        }
        List<String> queries = new ArrayList<>();
        for (Path file : files(COS.resolve("prometheus_alert_rules"))) {
            for (JsonNode group : YAML.readTree(file.toFile()).get("groups")) {
                group.get("rules").forEach(rule -> queries.add(rule.get("expr").asText()));
            }
        }
        JsonNode dashboard = JSON.readTree(COS.resolve("grafana_dashboards/metrics_prometheus.json").toFile());
        dashboard.get("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.get("expr").asText())));
        List<String> unknown = new ArrayList<>();
        for (String query : queries) {
            Matcher series = SERIES.matcher(query.replaceAll("\"[^\"]*\"", "\"\""));
            while (series.find()) {
                if (!known.contains(series.group(1))) {
                    unknown.add(series.group(1) + " in " + query);
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void dashboardsAreGrafanaDashboards() throws Exception {
        for (Path file : files(COS.resolve("grafana_dashboards"))) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertTrue(dashboard.get("title").isTextual() && dashboard.get("schemaVersion").isInt(), name);
            assertFalse(dashboard.has("uid") && !dashboard.get("uid").isNull(), name + ": the library sets the uid");
            Set<String> variables = new HashSet<>();
            dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
            assertTrue(variables.containsAll(List.of("lokids", "prometheusds")), name + ": COS names its data sources so");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.get("panels")) {
                String title = name + " / " + panel.path("title").asText();
                assertTrue(ids.add(panel.get("id").asInt()), title + ": panel ids are unique");
                JsonNode grid = panel.get("gridPos");
                assertTrue(grid.get("w").asInt() > 0 && grid.get("h").asInt() > 0
                        && grid.get("x").asInt() + grid.get("w").asInt() <= 24, title + ": fits the 24-column grid");
                if (panel.get("type").asText().equals("row")) {
                    continue;
                }
                String uid = panel.at("/datasource/uid").asText();
                assertTrue(uid.matches("\\$\\{(lokids|prometheusds)}"), title + ": data source " + uid);
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.get("targets")) {
                    assertTrue(refIds.add(target.get("refId").asText()), title + ": refIds are unique");
                    assertFalse(target.get("expr").asText().isBlank(), title);
                    Matcher variable = Pattern.compile("\\$(\\w+)").matcher(target.get("expr").asText());
                    while (variable.find()) {
                        String used = variable.group(1);
                        assertTrue(variables.contains(used) || used.startsWith("__"), title + ": unknown variable $" + used);
                    }
                }
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
