package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.charm.cos.CosAgentDecoder;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.mongodb.MongoEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.SimServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mongodb_client relation through the packed charm under the Juju emulator, with MongoDB
 * (mongo-java-server) playing the provider as data-platform-libs' provider does: created, Waiting
 * for the credentials, the provider's secret, consumers and the hosted router up, a rotation, the
 * router following its options, a job served by a reactive runner that GitHub gives another
 * runner (the surplus stays for the grace), and the relation broken: reactive off, consumers and
 * router gone, the idle surplus removed at once, busy runners left to finish.
 */
class ReactiveRelationIT {
    static final String TOKEN = "ghp_reactiveRelation0123456789abcdef";
    static final String WEBHOOK_SECRET = "whsec-reactive-relation-0123456789";
    static final String DATABASE = "github-runner-webhook-router";
    static final String MANAGER = "github-runner-manager@github-runner-0.service";
    static final String ROUTER = "github-runner-webhook-router@github-runner-0.service";
    static final List<String> LABELS = List.of("self-hosted", "linux", "x64");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir Path work;
    GitHubEmulator github;
    OpenStackEmulator openstack;
    RunnerAgents agents;
    MongoEmulator mongo;
    JujuLocal juju;

    @AfterEach
    void tearDown() throws Exception {
        if (juju != null) {
            juju.stopServices();
        }
        for (AutoCloseable part : new AutoCloseable[] {agents, github, openstack, mongo}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void createdWaitingSecretConsumersRotationRouterAndBrokenThroughThePackedCharm() throws Exception {
        github = GitHubEmulator.builder().start().addToken(TOKEN).addRepository("canonical", "fleet")
                .agentOnlineDelay(Duration.ofMillis(200)).rateLimit("core", 1_000_000, Duration.ofHours(1));
        openstack = OpenStackEmulator.builder().buildDelay(Duration.ofMillis(200)).keyBits(1024).start();
        agents = RunnerAgents.wire(openstack, github);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("de.bwaldvogel.mongo"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        mongo = MongoEmulator.start(0);
        mongo.prepareForKombu(DATABASE);
        juju = PackedCharm.installedUnit(work);
        int routerPort = freePort();

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", "canonical/fleet");
        config.put("token", TOKEN);
        config.put("github-api-url", github.url());
        config.put("openstack-clouds-yaml", openstack.cloudsYaml("emulated", "emulated-password"));
        config.put("openstack-flavor", "m1.small");
        config.put("openstack-network", openstack.networks().get(0).name());
        config.put("base-virtual-machines", 2);
        config.put("max-total-virtual-machines", 3);
        config.put("webhook-router-flavours", "- github-runner: [x64]\n");
        config.put("webhook-router-default-flavour", "github-runner");
        config.put("webhook-secret-id", juju.addSecret(Map.of("webhook-secret", WEBHOOK_SECRET)));
        config.put("webhook-router-port", routerPort);
        juju.setConfig(config);
        ok(juju.runHook("config-changed"));
        for (JujuLocal.HookRun run : juju.integrate("image", "image-builder", PackedCharm.imageBuilder(openstack.images().get(0).id()))) {
            ok(run);
        }
        for (JujuLocal.HookRun run : juju.integrate("cos-agent", "grafana-agent", Map.of("grafana-agent/0", Map.of()))) {
            ok(run);
        }
        await("the base pool", () -> unitStatus().equals("active: 2 idle, 0 busy, 2 expected"));
        assertFalse(Files.exists(unitFile(ROUTER)), "no router without MongoDB");
        assertEquals(List.of(), juju.state().openedPorts);
        assertEquals(List.of("github-runner"), scrapeJobs(), "the manager only");

        // created: the leader asks for the database; Waiting until the provider answers
        int relation = juju.addRelation("mongodb", "mongodb");
        ok(juju.runRelationHook(relation, "created", ""));
        assertEquals("waiting: Missing uris for mongodb integration", status());
        Map<String, String> asked = juju.state().relation(relation).localAppData;
        assertEquals(DATABASE, asked.get("database"));
        assertTrue(asked.get("requested-secrets").contains("\"uris\""), asked.toString());
        juju.setRemoteUnitData(relation, "mongodb/0", Map.of());
        ok(juju.runRelationHook(relation, "joined", "mongodb/0"));
        assertEquals("waiting: Missing uris for mongodb integration", status());
        long managerBefore = pid(MANAGER).orElseThrow();
        List<String> baseRunners = serverNames();

        // the provider's secret, granted to the relation: consumers and the router come up
        String secret = juju.addRelationSecret(relation, Map.of("username", "relation-1", "password", "pw-1",
                "uris", mongo.uri(DATABASE)));
        ok(juju.changeRemoteApp(relation, Map.of("database", DATABASE, "secret-user", secret)));
        await("the consumers", () -> consumers().size() == 2);
        assertTrue(pid(MANAGER).orElseThrow() != managerBefore, "the manager restarted with the queue");
        assertEquals(baseRunners, serverNames(), "no runner flushed for it");
        await("the router", () -> routerHealth() == 200);
        assertEquals(List.of(routerPort + "/tcp"), juju.state().openedPorts);
        assertEquals(List.of("github-runner", "github-runner-webhook-router"), scrapeJobs());
        await("update-status names the queue", () -> unitStatus().startsWith("active: 2 idle, 0 busy, 2 expected"));

        // rotation: secret-changed, the consumers reconnect with the new URI; the runners stay
        List<Long> consumersBefore = consumers();
        String rotated = "mongodb://localhost:" + mongo.port() + "/" + DATABASE;
        ok(juju.rotateSecret(secret, Map.of("username", "relation-1", "password", "pw-2", "uris", rotated)));
        await("new consumers", () -> consumers().size() == 2 && consumers().stream().noneMatch(consumersBefore::contains));
        Path state = juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0");
        assertTrue(Files.readString(state.resolve("consumer.yaml")).contains(rotated), "consumers use the rotated URI");
        assertTrue(Files.readString(state.resolve("webhook-router.yaml")).contains(rotated), "so does the router");
        assertEquals(baseRunners, serverNames(), "a rotation flushes no runner");

        // the router follows its options: no flavours, no router; back again
        juju.setConfig(Map.of("webhook-router-flavours", ""));
        ok(juju.runHook("config-changed"));
        assertFalse(Files.exists(unitFile(ROUTER)));
        assertEquals(List.of(), juju.state().openedPorts);
        assertEquals(List.of("github-runner"), scrapeJobs());
        juju.setConfig(Map.of("webhook-router-flavours", "- github-runner: [x64]\n"));
        ok(juju.runHook("config-changed"));
        await("the router again", () -> routerHealth() == 200);
        assertEquals(List.of(routerPort + "/tcp"), juju.state().openedPorts);

        // both base runners busy; then a job through the webhook gets a reactive runner, which boots
        // slowly enough for another runner to take the job first: it stays, idle, for the grace
        JobView first = github.queueJob("canonical", "fleet", LABELS, Duration.ofMinutes(10));
        JobView second = github.queueJob("canonical", "fleet", LABELS, Duration.ofMinutes(10));
        await("the pool busy", () -> inProgress(first) && inProgress(second));
        github.addWebhook("canonical/fleet", "http://127.0.0.1:" + routerPort + "/webhook", WEBHOOK_SECRET);
        openstack.setBuildDelay(Duration.ofSeconds(8));
        JobView third = github.queueJob("canonical", "fleet", LABELS, Duration.ofMinutes(10));
        await("a reactive runner made for it", () -> serverNames().size() == 3);
        String reactive = serverNames().stream().filter(name -> !baseRunners.contains(name)).findFirst().orElseThrow();
        startExternalRunner();
        await("another runner took it", () -> inProgress(third) && !InstanceName.belongsTo(job(third).runnerName(),
                "github-runner-0"));
        await("the reactive runner idle, kept for the grace", () -> unitStatus().equals("active: 1 idle, 2 busy, 2 expected"));
        await("its message done", () -> messages() == 0);
        assertTrue(serverNames().contains(reactive));

        // broken: reactive off; consumers, router and port go; the idle surplus at once; busy ones stay
        long managerReactive = pid(MANAGER).orElseThrow();
        for (JujuLocal.HookRun run : juju.removeRelation(relation)) {
            ok(run);
        }
        await("the manager without the queue", () -> pid(MANAGER).map(p -> p != managerReactive).orElse(false));
        await("the consumers gone", () -> consumers().isEmpty() && ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().map(c -> c.contains(state.resolve("consumer.yaml").toString()))
                        .orElse(false)));
        assertFalse(Files.exists(unitFile(ROUTER)));
        assertEquals(List.of(), juju.state().openedPorts);
        await("the idle surplus removed", () -> !serverNames().contains(reactive)
                && unitStatus().equals("active: 0 idle, 2 busy, 2 expected"));
        assertTrue(inProgress(first) && inProgress(second), "busy runners left to finish");
        assertEquals(List.of("github-runner"), scrapeJobs());
        String consumerLog = Files.readString(juju.rootDir().resolve("var/log/github-runner-manager/consumers/github-runner-0.log"));
        assertTrue(consumerLog.contains("consumer stopped;"), consumerLog);
        assertFalse(consumerLog.contains(TOKEN), "no credential in the consumer log");

        // the credentials are only in the services' 0600 files
        for (String file : List.of("config.yaml", "consumer.yaml")) {
            Path path = state.resolve(file);
            if (Files.exists(path)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), file);
            }
        }
        try (Stream<Path> files = Stream.concat(Files.walk(juju.workDir().resolve("runs")), Files.walk(juju.rootDir()))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!Set.of("config.yaml", "consumer.yaml", "webhook-router.yaml").contains(file.getFileName().toString())) {
                    String text = Files.readString(file);
                    assertFalse(text.contains(TOKEN) || text.contains(WEBHOOK_SECRET), "a secret in " + file);
                }
            }
        }
        ok(juju.runHook("stop"));
        await("every runner removed", () -> serverNames().isEmpty());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void startExternalRunner() throws Exception {
        GitHubClient client = GitHubClient.create(new GitHubTarget(github.url(), GitHubPath.repository("canonical", "fleet"),
                GitHubAuth.token(Secret.of(TOKEN))), "external-0", GitHubClientOptions.defaults());
        var jit = client.generateJitConfig(InstanceName.generate("external-0").value(), List.of("x64"));
        assertTrue(github.agentStarted(jit.encodedConfig().reveal()));
    }

    private JobView job(JobView job) {
        return github.job(job.id()).orElseThrow();
    }

    private boolean inProgress(JobView job) {
        return "in_progress".equals(job(job).status());
    }

    private List<String> serverNames() {
        return openstack.servers().stream().map(SimServer::name).filter(n -> InstanceName.belongsTo(n, "github-runner-0"))
                .sorted().toList();
    }

    private long messages() {
        try (var client = com.mongodb.client.MongoClients.create(mongo.uri(DATABASE))) {
            return client.getDatabase(DATABASE).getCollection("messages").countDocuments();
        }
    }

    private Path unitFile(String unit) {
        return juju.rootDir().resolve("etc/systemd/system/" + unit);
    }

    /** The pid the sandbox systemctl started the service with, while it runs. */
    private Optional<Long> pid(String unit) {
        Path file = juju.rootDir().resolve("run/fake-systemd/" + unit + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (java.io.IOException | NumberFormatException notRunning) {
            return Optional.empty();
        }
    }

    /** The consumer processes of the manager service. */
    private List<Long> consumers() {
        return pid(MANAGER).flatMap(ProcessHandle::of).stream().flatMap(ProcessHandle::children)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("consumer")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private int routerHealth() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + juju.state().config
                    .get("webhook-router-port") + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The cos-agent scrape jobs this unit publishes, by the job name the charm gave them. */
    private List<String> scrapeJobs() throws Exception {
        String bag = juju.state().relations.stream().filter(r -> r.endpoint.equals("cos-agent")).findFirst().orElseThrow()
                .localUnitData.get("config");
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : CosAgentDecoder.decode(bag).config().get("metrics_scrape_jobs")) {
            String name = job.get("job_name").asText();
            jobs.add(name.substring(name.indexOf('_') + 1, name.lastIndexOf('_')));
        }
        return jobs.stream().sorted().toList();
    }

    private String status() {
        return juju.state().status.status() + ": " + juju.state().status.message();
    }

    private String unitStatus() {
        juju.runHook("update-status");
        return status();
    }

    private static void ok(JujuLocal.HookRun run) {
        assertEquals(0, run.exitCode(), run.event() + ": " + run.stderr());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                Path log = juju.rootDir().resolve("var/log/github-runner-manager/github-runner-0.log");
                throw new AssertionError("not reached: " + what + "; unit status " + status()
                        + (Files.exists(log) ? "\n--- manager log ---\n" + Files.readString(log) : ""));
            }
            Thread.sleep(250);
        }
    }
}
