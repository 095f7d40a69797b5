package githubrunner.charm.cos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The value of the {@code config} key of this unit's cos-agent bag, as the cos_agent library
 * (v0, LIBPATCH 26) writes it and grafana-agent / opentelemetry-collector read it
 * (reference/juju.md §4b): scrape jobs, Prometheus and Loki alert rules from
 * {@code src/prometheus_alert_rules} and {@code src/loki_alert_rules}, dashboards from
 * {@code src/grafana_dashboards} with the library's uid and tag, XZ-compressed and base64'd.
 */
public final class CosAgentConfig {
    static final String DASHBOARDS = "src/grafana_dashboards";
    static final String METRICS_RULES = "src/prometheus_alert_rules";
    static final String LOG_RULES = "src/loki_alert_rules";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> RULE_SUFFIXES = List.of(".rule", ".rules", ".yml", ".yaml");

    /** Who this unit is, as the library's JujuTopology sees it. */
    public record Topology(String model, String modelUuid, String application, String charmName) {
        /** {@code <model>_<uuid[:8]>_<app>}, with every character but letters, digits, _ and : as _. */
        String identifier() {
            String uuid = modelUuid.length() > 8 ? modelUuid.substring(0, 8) : modelUuid;
            return (model + "_" + uuid + "_" + application).replaceAll("[^a-zA-Z0-9_:]", "_");
        }
    }

    /** A scrape target on this machine: the job's name and the port on localhost. */
    public record ScrapeTarget(String jobName, int port, String path) {}

    private final Path charmDir;
    private final Topology topology;

    public CosAgentConfig(Path charmDir, Topology topology) {
        this.charmDir = charmDir;
        this.topology = topology;
    }

    /** The whole value, fields in the library's model order; null fields are present, as data.json() keeps them. */
    public String json(List<ScrapeTarget> targets) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.set("metrics_alert_rules", metricsRules());
        config.set("log_alert_rules", logRules());
        ArrayNode dashboards = config.putArray("dashboards");
        for (String dashboard : dashboards()) {
            dashboards.add(dashboard);
        }
        config.putNull("subordinate");
        config.set("metrics_scrape_jobs", scrapeJobs(targets));
        config.putArray("log_slots");
        config.putNull("tracing_protocols");
        return JSON.writeValueAsString(config);
    }

    /** Each target as the library renames it: {@code <app>_<job>_<blake2b-4 of the job without its name>}, sorted. */
    ArrayNode scrapeJobs(List<ScrapeTarget> targets) {
        List<ObjectNode> jobs = new ArrayList<>();
        for (ScrapeTarget target : targets) {
            ObjectNode job = JSON.createObjectNode();
            job.put("metrics_path", target.path());
            job.putArray("static_configs").addObject().putArray("targets").add("localhost:" + target.port());
            String hash = Hashes.blake2bHex(PythonJson.dumpsSorted(job), 4);
            ObjectNode named = JSON.createObjectNode();
            named.put("job_name", topology.application() + "_" + target.jobName() + "_" + hash);
            named.setAll(job);
            jobs.add(named);
        }
        jobs.sort(Comparator.comparing(job -> job.get("job_name").asText()));
        ArrayNode result = JSON.createArrayNode();
        jobs.forEach(result::add);
        return result;
    }

    ObjectNode metricsRules() throws IOException {
        List<JsonNode> groups = new ArrayList<>(ruleGroups(METRICS_RULES, "\"\""));
        groups.add(named(hostHealth()));
        ObjectNode rules = JSON.createObjectNode();
        rules.putArray("groups").addAll(groups);
        return rules;
    }

    ObjectNode logRules() throws IOException {
        List<JsonNode> groups = ruleGroups(LOG_RULES, "job=~\".+\"");
        ObjectNode rules = JSON.createObjectNode();
        if (!groups.isEmpty()) {
            rules.putArray("groups").addAll(groups);
        }
        return rules;
    }

    /** The groups of every rule file in the directory (not recursive), named and labelled as the library does. */
    private List<JsonNode> ruleGroups(String directory, String topologyMatcher) throws IOException {
        List<JsonNode> groups = new ArrayList<>();
        for (Path file : files(directory, RULE_SUFFIXES)) {
            JsonNode content = YAML.readTree(file.toFile());
            if (content == null) {
                continue;
            }
            List<JsonNode> fileGroups = new ArrayList<>();
            if (content.has("groups")) {
                content.get("groups").forEach(fileGroups::add);
            } else if (content.has("alert") && content.has("expr")) {
                String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                ObjectNode single = JSON.createObjectNode().put("name", stem);
                single.putArray("rules").add(content);
                fileGroups.add(single);
            } else {
                throw new IOException(charmDir.relativize(file) + " holds neither rule groups nor one rule");
            }
            for (JsonNode group : fileGroups) {
                ObjectNode named = named((ObjectNode) group.deepCopy());
                for (JsonNode rule : named.withArray("rules")) {
                    ObjectNode labels = ((ObjectNode) rule).with("labels");
                    topologyLabels().forEach((key, value) -> {
                        if (!labels.has(key)) {
                            labels.put(key, value);
                        }
                    });
                    ((ObjectNode) rule).put("expr", rule.get("expr").asText().replace("%%juju_topology%%", topologyMatcher));
                }
                groups.add(named);
            }
        }
        return groups;
    }

    /** {@code <identifier>_<name>}, with {@code _rules} unless it already ends so. */
    private ObjectNode named(ObjectNode group) {
        String name = topology.identifier() + "_" + group.get("name").asText();
        group.put("name", name.endsWith("_rules") ? name : name + "_rules");
        return group;
    }

    private Map<String, String> topologyLabels() {
        return Map.of("juju_model", topology.model(), "juju_model_uuid", topology.modelUuid(),
                "juju_application", topology.application(), "juju_charm", topology.charmName());
    }

    /** cosl's generic group, sent with every charm's metrics rules. */
    private ObjectNode hostHealth() {
        ObjectNode group = JSON.createObjectNode().put("name", "HostHealth");
        ArrayNode rules = group.putArray("rules");
        rules.add(hostRule("HostDown", "up < 1", "critical", "Host '{{ $labels.instance }}' is down.",
                "Host '{{ $labels.instance }}' is down, failed to scrape.\n  VALUE = {{ $value }}\n  LABELS = {{ $labels }}"));
        rules.add(hostRule("HostMetricsMissing", "absent(up)", "warning",
                "Metrics not received from host '{{ $labels.instance }}'.",
                "The metrics cannot be received from the host '{{ $labels.instance }}'.\n  VALUE = {{ $value }}\n"
                        + "  LABELS = {{ $labels }}"));
        for (JsonNode rule : rules) {
            ObjectNode labels = (ObjectNode) rule.get("labels");
            topologyLabels().forEach(labels::put);
        }
        return group;
    }

    private static ObjectNode hostRule(String alert, String expr, String severity, String summary, String description) {
        ObjectNode rule = JSON.createObjectNode().put("alert", alert).put("expr", expr).put("for", "5m");
        rule.putObject("labels").put("severity", severity);
        rule.putObject("annotations").put("summary", summary).put("description", description);
        return rule;
    }

    /** Every {@code *.json} dashboard: uid and tag set as the library does, then json, xz, base64. */
    List<String> dashboards() throws IOException {
        List<String> encoded = new ArrayList<>();
        for (Path file : files(DASHBOARDS, List.of(".json"))) {
            ObjectNode dashboard = (ObjectNode) JSON.readTree(file.toFile());
            String relative = DASHBOARDS + "/" + file.getFileName();
            dashboard.put("uid", Hashes.shake256Hex(topology.charmName() + "-" + relative, 20));
            ArrayNode tags = dashboard.has("tags") && dashboard.get("tags").isArray() ? (ArrayNode) dashboard.get("tags")
                    : dashboard.putArray("tags");
            boolean tagged = false;
            for (JsonNode tag : tags) {
                tagged |= tag.asText().startsWith("charm: ");
            }
            if (!tagged) {
                tags.add("charm: " + topology.charmName());
            }
            encoded.add(Base64.getEncoder().encodeToString(xz(JSON.writeValueAsBytes(dashboard))));
        }
        return encoded;
    }

    static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(bytes, new LZMA2Options())) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private List<Path> files(String directory, List<String> suffixes) throws IOException {
        Path dir = charmDir.resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> suffixes.stream().anyMatch(s -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
                    .sorted()
                    .toList();
        }
    }
}
