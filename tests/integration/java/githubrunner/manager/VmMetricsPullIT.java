package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.metrics.HostKeyFingerprints;
import githubrunner.metrics.JobLookup;
import githubrunner.metrics.MetricsFile;
import githubrunner.metrics.PulledFiles;
import githubrunner.metrics.SshSettings;
import githubrunner.metrics.VmFileReader;
import githubrunner.metrics.VmMetrics;
import githubrunner.metrics.VmTarget;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.VmFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics pulled over real SSH from the OpenStack emulator's per-VM endpoints, with VMs and key
 * files made by the production OpenStack client: files present, missing, corrupt, too large,
 * slow; a wrong key, a wrong host key, a ProxyCommand; then the collector end to end.
 */
class VmMetricsPullIT {
    private static final String PREFIX = "github-runner-0";
    private static final String DIR = MetricsFile.DIRECTORY + "/";
    @TempDir static Path work;
    private static OpenStackEmulator sim;
    private static OpenStackCloud cloud;
    private static VmFileReader reader;

    @BeforeAll
    static void start() throws Exception {
        sim = OpenStackEmulator.builder().buildDelay(Duration.ZERO).keyBits(1024).start();
        cloud = new OpenStackCloud(new OpenStackTarget(sim.keystoneUrl(), sim.username(), Secret.of("emulated-password"),
                sim.projectName(), sim.userDomain(), sim.projectDomain(), sim.region(), "external-network", "m1.small"),
                PREFIX, work.resolve("keys"), OpenStackOptions.defaults());
        cloud.ensureSecurityGroup();
        reader = new VmFileReader(settings(""));
    }

    private static SshSettings settings(String proxyCommand) {
        return SshSettings.defaults(proxyCommand).withPort(sim.sshPort())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        reader.close();
        sim.close();
    }

    private static CloudServer vm() throws Exception {
        InstanceName name = InstanceName.generate(PREFIX);
        cloud.createServer(name, sim.images().get(0).id(), "#!/bin/sh\n", Map.of(CloudServer.RUNNER_ID, "1"));
        return cloud.findServer(name).orElseThrow();
    }

    private static VmFiles filesOf(CloudServer vm) {
        return sim.vmFiles(vm.id()).orElseThrow();
    }

    private static VmTarget target(CloudServer vm, Set<String> hostKeys) {
        return new VmTarget(vm.name().value(), vm.addresses(), cloud.keyFile(vm.name()), hostKeys);
    }

    private static String text(PulledFiles files, MetricsFile file) {
        return new String(files.content(file).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void allThreeFilesAreReadAsTheVmWroteThem() throws Exception {
        CloudServer vm = vm();
        assertTrue(vm.addresses().get(0).startsWith("127."), vm.addresses().toString());
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n")
                .write(DIR + "pre-job-metrics.json", "{\"timestamp\": 1767225900}")
                .write(DIR + "post-job-metrics.json", "{\"timestamp\": 1767226500, \"status\": \"normal\"}");
        PulledFiles files = reader.pull(target(vm, Set.of()));
        assertEquals("1767225600\n", text(files, MetricsFile.INSTALLED), files.toString());
        assertEquals("{\"timestamp\": 1767225900}", text(files, MetricsFile.PRE_JOB));
        assertEquals("{\"timestamp\": 1767226500, \"status\": \"normal\"}", text(files, MetricsFile.POST_JOB));
    }

    @Test
    void missingAndTooLargeFilesAreToldApart() throws Exception {
        CloudServer vm = vm();
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n")
                .write(DIR + "pre-job-metrics.json", "x".repeat(MetricsFile.MAX_BYTES + 1))
                .write(DIR + "post-job-metrics.json", "y".repeat(MetricsFile.MAX_BYTES));
        PulledFiles files = reader.pull(target(vm, Set.of()));
        assertTrue(files.failure().isEmpty(), files.toString());
        assertEquals(PulledFiles.Missing.TOO_LARGE, files.missing(MetricsFile.PRE_JOB).orElseThrow());
        assertEquals(MetricsFile.MAX_BYTES, text(files, MetricsFile.POST_JOB).length(), "exactly the limit is fine");

        filesOf(vm).delete(DIR + "pre-job-metrics.json").delete(DIR + "post-job-metrics.json");
        PulledFiles fewer = reader.pull(target(vm, Set.of()));
        assertEquals(PulledFiles.Missing.ABSENT, fewer.missing(MetricsFile.PRE_JOB).orElseThrow());
        assertEquals(PulledFiles.Missing.ABSENT, fewer.missing(MetricsFile.POST_JOB).orElseThrow());
        assertTrue(fewer.any());
    }

    @Test
    void aSlowVmGivesUpEachFileAfterTheCommandTimeout() throws Exception {
        CloudServer vm = vm();
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n").readDelay(Duration.ofSeconds(30));
        PulledFiles files = reader.pull(target(vm, Set.of()));
        assertTrue(files.failure().isEmpty(), files.toString());
        assertEquals(PulledFiles.Missing.UNREADABLE, files.missing(MetricsFile.INSTALLED).orElseThrow());
        assertTrue(!files.any());
    }

    @Test
    void anotherVmsKeyIsRefused() throws Exception {
        CloudServer vm = vm();
        CloudServer other = vm();
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n");
        PulledFiles files = reader.pull(new VmTarget(vm.name().value(), vm.addresses(), cloud.keyFile(other.name()), Set.of()));
        assertTrue(files.failure().isPresent(), files.toString());
        assertTrue(!files.any());
        PulledFiles noKey = reader.pull(new VmTarget(vm.name().value(), vm.addresses(), work.resolve("no-such.key"), Set.of()));
        assertTrue(noKey.failure().orElseThrow().startsWith("private key unreadable"), noKey.toString());
    }

    @Test
    void theHostKeyMustMatchTheConsoleWhenItShowsOne() throws Exception {
        CloudServer vm = vm();
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n");
        Set<String> console = HostKeyFingerprints.fromConsole(cloud.consoleOutput(vm, 400));
        assertEquals(Set.of(sim.hostKeyFingerprint(vm.id()).orElseThrow()), console);
        assertTrue(reader.pull(target(vm, console)).any());

        CloudServer impostor = vm();
        Set<String> othersKey = Set.of(sim.hostKeyFingerprint(impostor.id()).orElseThrow());
        PulledFiles refused = reader.pull(target(vm, othersKey));
        assertTrue(refused.failure().isPresent() && !refused.any(), refused.toString());
    }

    @Test
    void theProxyCommandCarriesTheSession() throws Exception {
        CloudServer vm = vm();
        filesOf(vm).write(DIR + "runner-installed.timestamp", "1767225600\n");
        Path log = work.resolve("proxy.log");
        try (VmFileReader proxied = new VmFileReader(settings("echo %r@%h:%p >> " + log + "; exec socat - TCP:%h:%p"))) {
            PulledFiles files = proxied.pull(target(vm, Set.of()));
            assertEquals("1767225600\n", text(files, MetricsFile.INSTALLED), files.toString());
        }
        assertEquals("ubuntu@" + vm.addresses().get(0) + ":" + sim.sshPort(), Files.readString(log).strip());
    }

    @Test
    void theCollectorWritesTheEventsAndObservesTheHistograms() throws Exception {
        CloudServer vm = vm();
        long created = vm.createdAt().getEpochSecond();
        filesOf(vm).write(DIR + "runner-installed.timestamp", (created + 60) + "\n")
                .write(DIR + "pre-job-metrics.json", "{\"workflow\": \"CI\", \"repository\": \"org/app\", \"event\": \"push\","
                        + " \"timestamp\": " + (created + 90) + ", \"workflow_run_id\": \"5\"}");
        Path log = work.resolve("metrics.log");
        ManagerMetrics metrics = new ManagerMetrics("small", new MetricsLog(log, Clock.systemUTC()),
                () -> new githubrunner.github.GitHubStats(new java.util.EnumMap<>(githubrunner.github.CallKind.class)),
                () -> new githubrunner.github.RateLimitStatus(Map.of(), java.util.Optional.empty(), java.time.Instant.now()),
                cloud::stats);
        try (VmMetricsCollector collector = new VmMetricsCollector(cloud, metrics, new VmFileReader(settings("")),
                new VmMetrics("small", Clock.systemUTC()), JobLookup.NONE)) {
            collector.beforeDelete(vm);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"event\":\"runner_installed\",\"flavor\":\"small\",\"duration\":60.0"), lines.get(0));
        assertTrue(lines.get(1).contains("\"event\":\"runner_start\"") && lines.get(1).contains("\"idle\":30.0"), lines.get(1));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));

        metrics.reconciliationEvent(new ManagerStatus.Counts(1, 0, 0, 0, 1, 1), Duration.ofSeconds(2));
        assertTrue(Files.readAllLines(log).get(2).contains("\"crashed_runners\":1"), "a job started and never ended");
        ByteArrayOutputStream scrape = new ByteArrayOutputStream();
        metrics.write(scrape);
        String text = scrape.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("runner_spawn_duration_seconds_count{flavor=\"small\"} 1"), text);
        assertTrue(text.contains("runner_idle_duration_seconds_sum{flavor=\"small\"} 30.0"), text);
        assertTrue(text.contains("extract_metrics_duration_seconds_count{flavor=\"small\"} 1"), text);
        assertTrue(text.contains("crashed_runners_total{flavor=\"small\"} 1.0"), text);
    }
}
