package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.testing.EventSchema;
import githubrunner.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole simulate run as a user starts it, looked at as an operator would: every line of the
 * metrics log matches the committed schema, the runners' events came from their VMs over SSH,
 * and the --report page renders in a real browser.
 */
class SimulateObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path work;

    @Test
    void aRunWritesSchemaConformingEventsForEveryJobAndAReport() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = work.resolve("simulate.out");
        Path report = work.resolve("report.html");
        Process process = new ProcessBuilder(java, "-jar", System.getProperty("charm.jar", "target/github-runner.jar"),
                "simulate", "--no-live", "--jobs", "6", "--arrival", "10", "--report", report.toString(),
                "--charm", System.getProperty("charm.file", "target/github-runner.charm"), "--dir", work.resolve("run").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        String text = Files.readString(output);
        assertTrue(finished, "simulate did not finish:\n" + text);
        assertEquals(0, process.exitValue(), text);

        Path log = work.resolve("run/unit/root/var/log/github-runner-metrics.log");
        List<String> lines = Files.readAllLines(log);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            EventSchema.problems(line).forEach(p -> problems.add(p + " in " + line));
            JsonNode event = JSON.readTree(line);
            counts.merge(event.get("event").asText(), 1, Integer::sum);
            if (event.get("event").asText().equals("runner_start")) {
                assertTrue(event.has("queue_duration"), "the job was found on GitHub: " + line);
                assertEquals("simulated/project", event.get("repo").asText());
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(6, counts.getOrDefault("runner_start", 0), counts + "\n" + text);
        assertEquals(6, counts.getOrDefault("runner_stop", 0), counts.toString());
        assertTrue(counts.getOrDefault("runner_installed", 0) >= 6, counts.toString());
        assertTrue(counts.getOrDefault("reconciliation", 0) >= 1, counts.toString());

        assertTrue(text.contains("report: "), text);
        String dom = HeadlessChromium.dom(report, work);
        assertTrue(dom.contains("Runners over time") && dom.contains("<svg"), dom);
        HeadlessChromium.screenshot(report, HeadlessChromium.artifact("simulate-report.png"), work);
    }
}
