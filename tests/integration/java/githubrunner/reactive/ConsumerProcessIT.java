package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.mongodb.MongoEmulator;
import githubrunner.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer processes from the packed jar, run by the {@link ConsumerSupervisor} as the manager will
 * run them, against a MongoDB wire-protocol server, the GitHub emulator, and a stub of the manager's
 * reactive API that records every request: Python kombu publishes, consumers are SIGKILLed mid-job,
 * MongoDB stops and comes back.
 */
class ConsumerProcessIT {
    private static final String DATABASE = "github-runner-webhook-router";
    private static final String QUEUE = "large";
    private static final String TOKEN = "consumer-process-test-token";
    private static final String OWNER = "octo";
    private static final String REPO = "repo";
    private static final long RSS_BUDGET_KIB = 96 * 1024;

    @TempDir
    Path dir;
    private MongoEmulator mongo;
    private MongoConnection connection;
    private MongoCollection<Document> messages;
    private GitHubEmulator github;
    private GitHubClient client;
    private StubManager manager;
    private ConsumerSupervisor supervisor;
    private ConsumerSupervisor.Options options;

    @BeforeEach
    void start() throws Exception {
        mongo = MongoEmulator.start(0);
        mongo.prepareForKombu(DATABASE);
        connection = MongoConnection.open(Secret.of(mongo.uri(DATABASE)), DATABASE, "test");
        messages = connection.database().getCollection("messages");
        github = GitHubEmulator.builder().start().addToken(TOKEN).addRepository(OWNER, REPO)
                .rateLimit("core", 1_000_000, Duration.ofHours(1));
        client = GitHubClient.create(new GitHubTarget(github.url(), GitHubPath.repository(OWNER, REPO),
                GitHubAuth.token(Secret.of(TOKEN))), "github-runner-0", GitHubClientOptions.defaults());
        manager = new StubManager();
        // CONSUMER_JAVA runs the consumers on another JDK (e.g. Temurin 25) than the tests
        String java = System.getenv().getOrDefault("CONSUMER_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ConsumerSupervisor.JVM_FLAGS);
        command.addAll(List.of("-jar", System.getProperty("charm.jar", "target/github-runner.jar"), "consumer"));
        options = ConsumerSupervisor.Options.defaults(dir.resolve("consumer.yaml"),
                dir.resolve("consumers.log")).withCommand(command)
                .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(30));
        supervisor = new ConsumerSupervisor(options, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        supervisor.close();
        manager.close();
        github.close();
        connection.close();
        mongo.close();
    }

    private ConsumerConfig config(String mongoUri) {
        // 3 s leases: the lapse after a SIGKILL is short; checks every 200 ms to 1 s
        ConsumerConfig.Limits limits = new ConsumerConfig.Limits(10, 3, 5, 1, 2, 10, 100, 200, 1000, 5, 30);
        return new ConsumerConfig(ConsumerConfig.VERSION, "github-runner/0", "github-runner-0",
                new ConsumerConfig.Mongo(Secret.of(mongoUri), DATABASE, QUEUE),
                new GitHubTarget(github.url(), GitHubPath.repository(OWNER, REPO), GitHubAuth.token(Secret.of(TOKEN))),
                null, new ConsumerConfig.Manager(manager.port(), Secret.of(StubManager.TOKEN)), List.of("large", "jammy"),
                "x64", limits, "INFO");
    }

    private ConsumerConfig config() {
        return config(mongo.uri(DATABASE));
    }

    /**
     * The stub manager keeps a runner coming while a request is open, as the real one keeps
     * desired = open requests: at each PUT of a job still queued with no idle runner, it starts one
     * (a JIT runner whose agent starts at once; it takes any queued job, not necessarily this one).
     */
    private void managerStartsRunners() {
        manager.onEveryRequest(jobId -> {
            synchronized (this) {
                boolean queued = github.job(jobId).map(j -> j.status().equals("queued")).orElse(false);
                boolean idle = github.runners().stream().anyMatch(r -> r.status().equals("online") && !r.busy());
                if (queued && !idle) {
                    startRunner();
                }
            }
        });
    }

    private void startRunner() {
        try {
            var jit = client.generateJitConfig(InstanceName.generate("github-runner-0").value(), List.of("large"));
            github.agentStarted(jit.encodedConfig().reveal());
        } catch (GitHubException e) {
            throw new IllegalStateException(e);
        }
    }

    private long queueJob() {
        return github.queueJob(OWNER, REPO, List.of("self-hosted", "large"), Duration.ofMinutes(10)).id();
    }

    private String body(long jobId) {
        return "{\"labels\":[\"large\"],\"status\":\"queued\",\"url\":\"" + github.url() + "/repos/" + OWNER + "/" + REPO
                + "/actions/jobs/" + jobId + "\"}";
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("consumers.log"));
    }

    private List<String> consumersOf(long jobId) {
        return manager.calls(jobId).stream().map(StubManager.Call::consumer).distinct().toList();
    }

    @Test
    void jobsPublishedWithKombuGetRunnersFromConsumerProcessesWithinTheirMemoryBudget() throws Exception {
        managerStartsRunners();
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(queueJob());
        }
        supervisor.start(config(), 2);
        Kombu.put(mongo.uri(DATABASE), QUEUE, jobs.stream().map(this::body).toList());

        Await.until("every message done", () -> messages.countDocuments() == 0);
        for (long job : jobs) {
            assertEquals("in_progress", github.job(job).orElseThrow().status(), "job " + job);
            // requested until picked up, then closed; or picked up (by another job's runner) before it was read
            List<String> methods = manager.calls(job).stream().map(StubManager.Call::method).distinct().toList();
            assertTrue(methods.equals(List.of("PUT", "DELETE")) || methods.isEmpty(), "job " + job + ": " + methods);
            Await.until("request of " + job + " closed", () -> !manager.isOpen(job));
        }
        assertTrue(github.runners().size() >= jobs.size());
        ConsumerSupervisor.Status status = supervisor.status();
        assertEquals(2, status.running());
        for (ConsumerSupervisor.ConsumerState consumer : status.consumers()) {
            assertTrue(consumer.rssKiB() > 0 && consumer.rssKiB() <= RSS_BUDGET_KIB,
                    "consumer RSS " + consumer.rssKiB() + " KiB over the " + RSS_BUDGET_KIB + " KiB budget");
            assertEquals(0, consumer.exits());
        }
        supervisor.stop();
        String log = log();
        assertEquals(2, log.lines().filter(l -> l.contains("consumer stopped; 0 messages given back")).count(), log);
        assertFalse(log.contains(TOKEN) || log.contains(StubManager.TOKEN), "a credential in the consumer log");
    }

    @Test
    void aConsumerKilledMidJobLosesNothingAndItsJobIsRequestedByOneConsumerAtATime() throws Exception {
        long job = queueJob();
        supervisor.start(config(), 1);
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(body(job)));
        Await.until("runner requested", () -> manager.isOpen(job));
        Await.until("request renewed", () -> manager.calls(job).size() >= 2);
        long first = supervisor.status().consumers().get(0).pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL: no chance to give anything back

        Await.until("restarted and re-claimed after the lease", () -> consumersOf(job).size() == 2);
        assertTrue(supervisor.status().consumers().get(0).pid() != first);
        // the new consumer's requests start only after the killed one's stopped: never both at once
        List<StubManager.Call> calls = manager.calls(job);
        String killed = calls.get(0).consumer();
        int lastOfKilled = 0;
        int firstOfNew = Integer.MAX_VALUE;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).consumer().equals(killed)) {
                lastOfKilled = i;
            } else {
                firstOfNew = Math.min(firstOfNew, i);
            }
        }
        assertTrue(lastOfKilled < firstOfNew, "requests of two consumers interleaved: " + calls);
        Document message = messages.find().first();
        assertEquals(2, message.getInteger(MessageQueue.CLAIMS), "claimed once by each consumer");

        startRunner();
        Await.until("message done", () -> messages.countDocuments() == 0);
        Await.until("request closed", () -> !manager.isOpen(job));
        assertEquals(1, supervisor.status().consumers().get(0).exits());
        assertTrue(log().contains("consumer-1 exited with code 137"), log());
    }

    @Test
    void mongoDbStoppedAndRestartedIsWaitedOutWhileRunnerRequestsStayOpen() throws Exception {
        List<Long> held = List.of(queueJob(), queueJob(), queueJob());
        supervisor.start(config(), 1);
        Kombu.put(mongo.uri(DATABASE), QUEUE, held.stream().map(this::body).toList());
        Await.until("runners requested", () -> held.stream().allMatch(manager::isOpen));

        mongo.stop();
        Map<Long, Integer> before = new HashMap<>();
        held.forEach(job -> before.put(job, manager.calls(job).size()));
        Await.until("every request renewed during the outage",
                () -> held.stream().allMatch(job -> manager.calls(job).size() >= before.get(job) + 3));
        mongo.restart();

        managerStartsRunners();
        held.forEach(job -> startRunner());
        long later = queueJob();
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(body(later)));
        Await.until("every message done", () -> messages.countDocuments() == 0);
        Await.until("every request closed", () -> held.stream().noneMatch(manager::isOpen) && !manager.isOpen(later));
        assertEquals(0, supervisor.status().consumers().get(0).exits(), "the consumer survived the outage");
        String log = log();
        assertTrue(log.contains("MongoDB unavailable"), log);
        assertTrue(log.contains("MongoDB available again"), log);
    }

    @Test
    void sigtermGivesTheHeldMessageBackAndExitsCleanly() throws Exception {
        long job = queueJob();
        supervisor.start(config(), 1);
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(body(job)));
        Await.until("runner requested", () -> manager.isOpen(job));
        supervisor.stop();
        assertFalse(manager.isOpen(job), "request closed on the way out");
        Document message = messages.find().first();
        assertFalse(message.containsKey(MessageQueue.CLAIMED_BY), "given back: " + message);
        assertEquals(0, message.getInteger(MessageQueue.CLAIMS));
        String log = log();
        assertTrue(log.contains("given back to the queue: consumer stopping"), log);
        assertTrue(log.contains("consumer stopped; 1 messages given back"), log);
        assertFalse(log.contains("exited with code"), "exit 0 on SIGTERM, no restart: " + log);

        // another consumer serves it later, from the message as it was given back
        managerStartsRunners();
        supervisor.start(config(), 1);
        Await.until("served after the restart", () -> messages.countDocuments() == 0);
    }

    @Test
    void aConsumerWhoseManagerIsGoneBeforeItStartsStopsAtOnce() throws Exception {
        // A manager killed while its consumer's JVM started: the consumer is init's by then.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        supervisor.close();
        supervisor = new ConsumerSupervisor(options.withEnvironment(Map.of(ConsumerMain.MANAGER_PID_VARIABLE,
                Long.toString(gone.pid()))), Clock.systemUTC());
        supervisor.start(config(), 1);
        Await.until("the consumer saw it", () -> {
            try {
                return log().contains("the manager that started this consumer is gone already");
            } catch (Exception notYet) {
                return false;
            }
        });
        assertEquals(0, messages.countDocuments(), "nothing claimed");
    }

    @Test
    void aFifteenMegabyteMessageNeitherCrashesAConsumerNorHoldsUpTheQueue() throws Exception {
        managerStartsRunners();
        messages.insertOne(new Document("queue", QUEUE).append("priority", 0)
                .append("payload", KombuMessage.text(QUEUE, "x".repeat(11 * 1024 * 1024)).payloadText()));
        long job = queueJob();
        supervisor.start(config(), 1);
        Kombu.put(mongo.uri(DATABASE), QUEUE, List.of(body(job)));
        Await.until("the job's message done", () -> messages.countDocuments() == 0);
        Document dropped = connection.database().getCollection(DeadLetters.COLLECTION).find().first();
        assertTrue(dropped.getString("reason").contains("exceeds"), dropped.getString("reason"));
        assertTrue(dropped.getLong("payload_bytes") > 14_000_000);
        assertEquals(0, supervisor.status().consumers().get(0).exits(), "no out-of-memory exit");
        assertTrue(supervisor.status().consumers().get(0).rssKiB() <= RSS_BUDGET_KIB);
    }

    @Test
    void anUnreachableMongoDbIsLoggedWithoutItsPassword() throws Exception {
        int closed = StubManager.freePort();
        String password = "pa55-" + Long.toHexString(System.nanoTime());
        supervisor.start(config("mongodb://relation-7:" + password + "@127.0.0.1:" + closed + "/" + DATABASE), 1);
        Await.until("outage logged", () -> {
            try {
                return log().contains("MongoDB unavailable");
            } catch (Exception e) {
                return false;
            }
        });
        String log = log();
        assertFalse(log.contains(password), log);
        assertTrue(log.contains("relation-7:*****@127.0.0.1:" + closed), "the URI is shown redacted: " + log);
        assertEquals(1, supervisor.status().running(), "an outage is no crash");
        assertTrue(Files.readString(dir.resolve("consumer.yaml")).contains(password), "the password is in the 0600 config");
    }
}
