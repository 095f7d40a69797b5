package githubrunner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events a VM's files give, field for field as the Python charm writes them (§8.1). */
class VmMetricsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:30:00Z");
    private static final Instant CREATED = Instant.ofEpochSecond(1767225505);
    private final VmMetrics metrics = new VmMetrics("small", Clock.fixed(NOW, ZoneOffset.UTC));

    private static com.fasterxml.jackson.databind.JsonNode parsed(MetricEvent event) {
        try {
            return EventLog.JSON.readTree(event.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static PulledFiles files(String installed, String pre, String post) {
        PulledFiles files = PulledFiles.connected();
        put(files, MetricsFile.INSTALLED, installed);
        put(files, MetricsFile.PRE_JOB, pre);
        put(files, MetricsFile.POST_JOB, post);
        return files;
    }

    private static void put(PulledFiles files, MetricsFile file, String content) {
        if (content == null) {
            files.without(file, PulledFiles.Missing.ABSENT);
        } else {
            files.with(file, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final String PRE = "{\"workflow\": \"CI\", \"repository\": \"org/app\", \"event\": \"pull_request\","
            + " \"timestamp\": 1767225900, \"workflow_run_id\": \"77\"}";

    @Test
    void aWholeJobGivesTheThreeEventsWithThePythonFieldsInOrder() {
        JobLookup github = (repository, run, runner) -> {
            assertEquals(List.of("org/app", 77L, "vm-1"), List.of(repository, run, runner));
            return Optional.of(new JobLookup.Job(Optional.of(Duration.ofSeconds(4)), Optional.of("failure")));
        };
        RunnerOutcome outcome = metrics.outcome("vm-1", CREATED, files("1767225600\n", PRE,
                "{\"timestamp\": 1767226500, \"status\": \"abnormal\", \"status_info\": {\"code\": 1}}"), github);
        assertEquals(List.of(
                "{\"timestamp\":1767225600.0,\"event\":\"runner_installed\",\"flavor\":\"small\",\"duration\":95.0}",
                "{\"timestamp\":1767225900.0,\"event\":\"runner_start\",\"flavor\":\"small\",\"workflow\":\"CI\","
                        + "\"repo\":\"org/app\",\"github_event\":\"pull_request\",\"idle\":300.0,\"queue_duration\":4.0}",
                "{\"timestamp\":1767226500.0,\"event\":\"runner_stop\",\"flavor\":\"small\",\"workflow\":\"CI\","
                        + "\"repo\":\"org/app\",\"github_event\":\"pull_request\",\"status\":\"abnormal\","
                        + "\"status_info\":{\"code\":1},\"job_duration\":600.0,\"job_conclusion\":\"failure\"}"),
                outcome.events().stream().map(MetricEvent::toString).toList());
        assertTrue(outcome.started() && outcome.stopped() && !outcome.crashed());
        assertEquals(Optional.of(Duration.ofSeconds(95)), outcome.spawn());
        assertEquals(Optional.of(Duration.ofSeconds(300)), outcome.idle(), "idle is start minus install, not the reverse");
    }

    @Test
    void unknownFieldsAreLeftOutNotNulled() {
        RunnerOutcome outcome = metrics.outcome("vm-1", CREATED, files("1767225600", PRE,
                "{\"timestamp\": 1767226500, \"status\": \"normal\"}"), JobLookup.NONE);
        assertEquals("{\"timestamp\":1767225900.0,\"event\":\"runner_start\",\"flavor\":\"small\",\"workflow\":\"CI\","
                + "\"repo\":\"org/app\",\"github_event\":\"pull_request\",\"idle\":300.0}", outcome.events().get(1).toString());
        assertEquals("{\"timestamp\":1767226500.0,\"event\":\"runner_stop\",\"flavor\":\"small\",\"workflow\":\"CI\","
                + "\"repo\":\"org/app\",\"github_event\":\"pull_request\",\"status\":\"normal\",\"job_duration\":600.0}",
                outcome.events().get(2).toString());
    }

    @Test
    void aJobThatStartedAndNeverEndedIsACrash() {
        RunnerOutcome outcome = metrics.outcome("vm-1", CREATED, files("1767225600", PRE, null), JobLookup.NONE);
        assertEquals(List.of("runner_installed", "runner_start"), outcome.events().stream().map(MetricEvent::name).toList());
        assertTrue(outcome.crashed());
    }

    @Test
    void noFileMeansNoEventAndAMissingInstallFileMeansNow() {
        assertEquals(List.of(), metrics.outcome("vm-1", CREATED, files(null, null, null), JobLookup.NONE).events());
        RunnerOutcome onlyPre = metrics.outcome("vm-1", CREATED, files(null, PRE, null), JobLookup.NONE);
        assertEquals(MetricEvent.seconds(NOW), parsed(onlyPre.events().get(0)).get("timestamp").asDouble());
        assertEquals(0.0, parsed(onlyPre.events().get(1)).get("idle").asDouble(), "never negative");
    }

    @Test
    void negativeQueueTimesAreClampedAndHostileValuesRefused() {
        JobLookup skewed = (r, run, runner) -> Optional.of(new JobLookup.Job(Optional.of(Duration.ofSeconds(-3)),
                Optional.of("success\"}")));
        RunnerOutcome outcome = metrics.outcome("vm-1", CREATED, files("1767225600", PRE,
                "{\"timestamp\": 1767226500, \"status\": \"normal\"}"), skewed);
        assertEquals(0.0, parsed(outcome.events().get(1)).get("queue_duration").asDouble());
        assertFalse(parsed(outcome.events().get(2)).has("job_conclusion"), "a conclusion that is not a word is dropped");

        for (String[] bad : new String[][] {
                {"not json", "pre-job metrics skipped"},
                {"{\"workflow\": \"CI\", \"repository\": \"../../etc\", \"event\": \"push\", \"timestamp\": 1, \"workflow_run_id\": \"1\"}",
                        "repository is not owner/repo"},
                {"{\"workflow\": \"CI\", \"repository\": \"a/b\", \"event\": \"push\", \"timestamp\": 1e300, \"workflow_run_id\": \"1\"}",
                        "timestamp is out of range"},
                {"{\"workflow\": \"CI\", \"repository\": \"a/b\", \"repository\": \"c/d\", \"event\": \"push\", \"timestamp\": 1, \"workflow_run_id\": \"1\"}",
                        "Duplicate field"},
                {"{\"workflow\": 7, \"repository\": \"a/b\", \"event\": \"push\", \"timestamp\": 1, \"workflow_run_id\": \"1\"}",
                        "workflow is not a string"},
                {"[1, 2]", "not a JSON object"}}) {
            RunnerOutcome refused = metrics.outcome("vm-1", CREATED, files("1767225600", bad[0], null), JobLookup.NONE);
            assertEquals(List.of("runner_installed"), refused.events().stream().map(MetricEvent::name).toList(), bad[0]);
            assertTrue(refused.warnings().get(0).contains(bad[1]), refused.warnings().toString());
        }
        RunnerOutcome badStatus = metrics.outcome("vm-1", CREATED, files("1767225600", PRE,
                "{\"timestamp\": 1767226500, \"status\": \"pwned\\u001b[2J\"}"), JobLookup.NONE);
        assertEquals(List.of("runner_installed", "runner_start"), badStatus.events().stream().map(MetricEvent::name).toList());
        assertTrue(badStatus.warnings().get(0).matches("[\\x20-\\x7e]+"), "warnings carry no control characters");
        RunnerOutcome badInstalled = metrics.outcome("vm-1", CREATED, files("12abc", null, null), JobLookup.NONE);
        assertEquals(MetricEvent.seconds(NOW), parsed(badInstalled.events().get(0)).get("timestamp").asDouble());
    }

    @Test
    void floatsAreWrittenAsPythonWritesThem() {
        assertEquals("{\"timestamp\":1767225600.5,\"event\":\"reconciliation\",\"flavor\":\"f\",\"crashed_runners\":1,"
                + "\"idle_runners\":2,\"active_runners\":3,\"expected_runners\":4,\"duration\":41.2}",
                MetricEvent.reconciliation(Instant.ofEpochSecond(1767225600, 500_000_000), "f", 1, 2, 3, 4, 41.2).toString());
    }

    @Test
    void hostKeyFingerprintsComeFromTheFirstConsoleBlock() {
        String key1 = "SHA256:" + "A".repeat(43);
        String key2 = "SHA256:" + "B".repeat(43);
        String console = "boot\n-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 " + key1 + " root@vm (ED25519)\n"
                + "3072 " + key2 + " root@vm (RSA)\n-----END SSH HOST KEY FINGERPRINTS-----\n"
                + "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 SHA256:" + "C".repeat(43) + " x (ECDSA)\n"
                + "-----END SSH HOST KEY FINGERPRINTS-----\n";
        assertEquals(List.of(key1, key2), List.copyOf(HostKeyFingerprints.fromConsole(console)));
        assertEquals(List.of(), List.copyOf(HostKeyFingerprints.fromConsole("-----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
                + "256 " + key1 + " cut off")), "an unfinished block counts for nothing");
    }

    @Test
    void proxyCommandsExpandOnlyIpLiterals() {
        assertEquals("ssh -W 10.0.0.5:22 ubuntu@jump 100%", ProxyCommandRelay.expand("ssh -W %h:%p %r@jump 100%%",
                "10.0.0.5", 22, "ubuntu"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyCommandRelay.expand("nc %h %p", "1.2.3.4; rm -rf /", 22, "ubuntu"));
    }
}
