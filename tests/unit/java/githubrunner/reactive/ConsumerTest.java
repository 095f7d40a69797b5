package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import githubrunner.sim.github.FaultRule;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import githubrunner.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer in this JVM against a MongoDB wire-protocol server, the GitHub emulator and a stub
 * manager: what it does with each kind of message, seen from the queue, the dead letters and the
 * manager's request log.
 */
class ConsumerTest {
    private static final String QUEUE = "large";
    private static final String TOKEN = "consumer-test-token";
    private static final String OWNER = "octo";
    private static final String REPO = "repo";
    private static TestMongo mongo;

    private GitHubEmulator github;
    private GitHubClient client;
    private StubManager manager;
    private MongoConnection connection;
    private MongoCollection<Document> messages;
    private Consumer consumer;
    private Thread thread;
    private final List<Throwable> crashes = new ArrayList<>();

    @BeforeAll
    static void startMongo() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        github = GitHubEmulator.builder().start();
        github.addToken(TOKEN).addRepository(OWNER, REPO).addRepository("other-org", REPO);
        client = GitHubClient.create(new GitHubTarget(github.url(), GitHubPath.repository(OWNER, REPO),
                GitHubAuth.token(Secret.of(TOKEN))), "unit-0",
                GitHubClientOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        manager = new StubManager();
        connection = mongo.connect();
        messages = connection.database().getCollection("messages");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (consumer != null) {
            consumer.stop();
            thread.join(30_000);
        }
        connection.close();
        manager.close();
        github.close();
        assertEquals(List.of(), crashes);
    }

    private void startConsumer(String owner) {
        ConsumerSettings settings = new ConsumerSettings(
                new QueueOptions(QUEUE, Duration.ofSeconds(3), 3, Duration.ofMillis(200), Duration.ofMillis(400), 6),
                4, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(300), 3, Duration.ofSeconds(1));
        Clock clock = Clock.systemUTC();
        MessageQueue queue = new MessageQueue(connection.database(), settings.queue(), owner, clock);
        JobRegistry registry = new JobRegistry(connection.database(), settings.queue().lease(), owner, clock);
        MessageCheck check = new MessageCheck(new JobUrl.Rules(github.url(), GitHubPath.repository(OWNER, REPO)),
                new LabelPolicy(List.of("large", "jammy"), "x64"));
        consumer = new Consumer(queue, registry, check, JobLookup.of(client),
                new RunnerRequests(manager.port(), Secret.of(StubManager.TOKEN), owner), settings, clock);
        thread = new Thread(() -> {
            try {
                consumer.run();
            } catch (Throwable e) {
                crashes.add(e);
            }
        }, "consumer-" + owner);
        thread.start();
    }

    /** The manager "creates a runner" for each new request: a JIT runner whose agent starts at once. */
    private void managerStartsRunners() {
        manager.onNewRequest(jobId -> {
            try {
                var jit = client.generateJitConfig(InstanceName.generate("unit-0").value(), List.of("large"));
                github.agentStarted(jit.encodedConfig().reveal());
            } catch (GitHubException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private String jobUrl(long id) {
        return github.url() + "/repos/" + OWNER + "/" + REPO + "/actions/jobs/" + id;
    }

    private static String body(List<String> labels, String url) {
        return "{\"labels\":[" + labels.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(","))
                + "],\"status\":\"queued\",\"url\":\"" + url + "\"}";
    }

    private void publish(String body) {
        messages.insertOne(KombuMessage.text(QUEUE, body).toDocument(QUEUE));
    }

    private void publishPayload(String payload) {
        messages.insertOne(new Document("queue", QUEUE).append("priority", 9).append("payload", payload));
    }

    private List<Document> deadLetters() {
        return connection.database().getCollection(DeadLetters.COLLECTION).find().into(new ArrayList<>());
    }

    private List<String> methods(long jobId) {
        List<String> methods = new ArrayList<>();
        for (StubManager.Call call : manager.calls(jobId)) {
            if (methods.isEmpty() || !methods.get(methods.size() - 1).equals(call.method())) {
                methods.add(call.method());
            }
        }
        return methods;
    }

    @Test
    void aQueuedJobGetsARunnerRequestUntilItIsPickedUpThenItsMessageIsDeleted() {
        managerStartsRunners();
        JobView job = github.queueJob(OWNER, REPO, List.of("self-hosted", "large"), Duration.ofMinutes(5));
        publish(body(List.of("large"), jobUrl(job.id())));
        startConsumer("a");

        Await.until("message deleted", () -> messages.countDocuments() == 0);
        Await.until("request closed", () -> !manager.isOpen(job.id()));
        assertEquals("in_progress", github.job(job.id()).orElseThrow().status());
        assertEquals(List.of("PUT", "DELETE"), methods(job.id()));
        StubManager.Call put = manager.calls(job.id()).get(0);
        assertEquals(jobUrl(job.id()), put.body().path("job_url").asText());
        assertEquals(3, put.body().path("lease_seconds").asInt());
        assertTrue(put.consumer().endsWith(" a"), put.consumer());
        Document entry = connection.database().getCollection(JobRegistry.COLLECTION).find().first();
        assertEquals("done", entry.getString("state"));
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void aJobAlreadyTakenNeedsNoRunner() {
        managerStartsRunners();
        JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
        manager.onNewRequest(id -> { });
        // another runner takes it before the message is read
        try {
            var jit = client.generateJitConfig(InstanceName.generate("unit-0").value(), List.of("large"));
            github.agentStarted(jit.encodedConfig().reveal());
        } catch (GitHubException e) {
            throw new IllegalStateException(e);
        }
        Await.until("job taken", () -> !github.job(job.id()).orElseThrow().status().equals("queued"));
        publish(body(List.of("large"), jobUrl(job.id())));
        startConsumer("a");
        Await.until("message deleted", () -> messages.countDocuments() == 0);
        assertEquals(List.of(), manager.calls());
    }

    @Test
    void aJobGitHubDoesNotKnowIsDroppedNotServed() {
        publish(body(List.of("large"), jobUrl(987654)));
        startConsumer("a");
        // The queue records the dead letter first, then deletes the message: wait for both.
        Await.until("message dropped", () -> deadLetters().size() == 1 && messages.countDocuments() == 0);
        assertEquals("job not found on GitHub (404)", deadLetters().get(0).getString("reason"));
        assertEquals(List.of(), manager.calls());
    }

    @Test
    void hostileMessagesAreDroppedWithReasonsAndAValidOneIsStillServed() {
        managerStartsRunners();
        String job = jobUrl(github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5)).id());
        long otherOrgJob = github.queueJob("other-org", REPO, List.of("large"), Duration.ofMinutes(5)).id();
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put("{\"body\": \"%%%\", \"content-type\": \"text/plain\", \"properties\": {\"body_encoding\": \"base64\"}}",
                "body is not valid base64");
        hostile.put(KombuMessage.text(QUEUE, "x".repeat(10 * 1024 * 1024)).payloadText(), "exceeds");
        hostile.put(KombuMessage.text(QUEUE, "{not json").payloadText(), "body is not JSON");
        hostile.put(KombuMessage.text(QUEUE, "[1, 2]").payloadText(), "body is not a JSON object");
        hostile.put(KombuMessage.text(QUEUE, "{\"labels\":[\"large\"],\"status\":\"queued\"}").payloadText(), "body has no url");
        hostile.put(KombuMessage.text(QUEUE, "{\"status\":\"queued\",\"url\":\"" + job + "\"}").payloadText(),
                "body has no labels list");
        hostile.put(KombuMessage.text(QUEUE, body(List.of("large"),
                "https://api.evil.example/repos/octo/repo/actions/jobs/1")).payloadText(), "not on the configured GitHub API");
        hostile.put(KombuMessage.text(QUEUE, body(List.of("large"),
                github.url() + "/repos/other-org/" + REPO + "/actions/jobs/" + otherOrgJob)).payloadText(),
                "outside the configured repository octo/repo");
        hostile.put(KombuMessage.text(QUEUE, body(List.of("large"), github.url() + "/repos/octo/repo/actions/runners/1"))
                .payloadText(), "is not a workflow job URL");
        hostile.put(KombuMessage.text(QUEUE, body(List.of("large", "gpu"), job)).payloadText(), "['gpu'] are not served here");
        hostile.put("{\"body\": \"e30=\", \"content-type\": \"application/x-python-serialize\"}", "unsupported content type");
        hostile.put("definitely not json", "payload is not JSON");
        hostile.forEach((payload, reason) -> publishPayload(payload));
        publish(body(List.of("LARGE", "self-hosted", "X64"), job));
        startConsumer("a");

        Await.until("valid message served", () -> messages.countDocuments() == 0);
        List<Document> dead = deadLetters();
        assertEquals(hostile.size(), dead.size());
        List<String> reasons = dead.stream().map(d -> d.getString("reason")).toList();
        for (String expected : hostile.values()) {
            assertTrue(reasons.stream().anyMatch(r -> r.contains(expected)), expected + " not in " + reasons);
        }
        assertTrue(dead.stream().allMatch(d -> d.getString("kind").equals("dropped")));
        assertTrue(manager.calls(otherOrgJob).isEmpty(), "another organisation's job got a runner request");
        assertEquals(1, manager.calls().stream().map(StubManager.Call::jobId).distinct().count());
        assertTrue(thread.isAlive());
    }

    @Test
    void aMessageWhoseJobHasOtherLabelsOnGitHubIsDropped() {
        long id = github.queueJob(OWNER, REPO, List.of("gpu"), Duration.ofMinutes(5)).id();
        publish(body(List.of("large"), jobUrl(id)));
        startConsumer("a");
        Await.until("dropped", () -> deadLetters().size() == 1);
        assertTrue(deadLetters().get(0).getString("reason").contains("the job's labels on GitHub ['gpu']"));
        assertEquals(List.of(), manager.calls());
    }

    @Test
    void duplicatesOfAJobAreAcknowledgedWithoutASecondRunner() {
        managerStartsRunners();
        JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            publish(body(List.of("large"), jobUrl(job.id())));
        }
        startConsumer("a");
        Await.until("all messages deleted", () -> messages.countDocuments() == 0);
        Await.until("request closed", () -> !manager.isOpen(job.id()));
        assertEquals(List.of("PUT", "DELETE"), methods(job.id()));
        assertEquals(1, github.runners().size(), "one runner for one job");
    }

    @Test
    void gitHubFailuresAreRetriedCountedThenDeadLettered() throws Exception {
        JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
        github.addFault(FaultRule.status("GET", "/repos/.*/actions/jobs/.*", 502));
        publish(body(List.of("large"), jobUrl(job.id())));
        startConsumer("a");
        Await.until("dead-lettered", () -> deadLetters().size() == 1);
        Document dead = deadLetters().get(0);
        assertEquals("dead-letter", dead.getString("kind"));
        assertTrue(dead.getString("reason").contains("502") && dead.getString("reason").contains("(attempt 3 of 3)"),
                dead.getString("reason"));
        assertEquals(3, KombuMessage.fromDocument(dead).headerLong("X-Process-Count"));
        assertTrue(github.requestCount("GET", "/repos/.*/actions/jobs/.*") >= 3, "one lookup (and the client's own retries) per attempt");
        assertEquals(List.of(), manager.calls());
    }

    @Test
    void stoppingGivesHeldMessagesBackAndClosesTheirRequests() throws Exception {
        JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
        publish(body(List.of("large"), jobUrl(job.id())));
        startConsumer("a");
        Await.until("runner requested", () -> manager.isOpen(job.id()));
        consumer.stop();
        thread.join(30_000);
        consumer = null;
        assertTrue(!manager.isOpen(job.id()), "request closed on the way out");
        Document message = messages.find().first();
        assertTrue(!message.containsKey(MessageQueue.CLAIMED_BY) && !message.containsKey(MessageQueue.CLAIMED_UNTIL),
                "released: " + message);
        assertEquals(0, message.getInteger(MessageQueue.CLAIMS));
        assertEquals(0, KombuMessage.fromDocument(message).headerLong("X-Process-Count"), "a shutdown is no failed attempt");
        assertEquals(0, connection.database().getCollection(JobRegistry.COLLECTION).countDocuments(
                Filters.eq("state", "serving")));
    }

    @Test
    void aFullUnitTakesNoMoreMessagesThanItHolds() throws Exception {
        manager.capacity(1);
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
            jobs.add(job.id());
            publish(body(List.of("large"), jobUrl(job.id())));
        }
        startConsumer("a");
        Await.until("one request", () -> manager.calls().size() >= 1);
        Thread.sleep(1000); // several claim rounds: none may add a request while the manager is full
        assertEquals(1, manager.calls().stream().map(StubManager.Call::jobId).distinct().count());
        assertEquals(1, messages.countDocuments(Filters.exists(MessageQueue.CLAIMED_BY)));
        manager.capacity(4);
        Await.until("all requested", () -> manager.calls().stream().map(StubManager.Call::jobId).distinct().count() == 4);
        assertTrue(jobs.stream().allMatch(manager::isOpen));
    }

    @Test
    void anUnreachableManagerStopsClaimsAndGivesTheMessageBackForAnotherUnit() throws Exception {
        JobView job = github.queueJob(OWNER, REPO, List.of("large"), Duration.ofMinutes(5));
        publish(body(List.of("large"), jobUrl(job.id())));
        manager.failWith(503);
        startConsumer("a");
        Await.until("given back", () -> {
            Document message = messages.find().first();
            return message != null && !message.containsKey(MessageQueue.CLAIMED_BY) && message.getInteger(MessageQueue.CLAIMS, -1) == 0;
        });
        assertEquals(0, KombuMessage.fromDocument(messages.find().first()).headerLong("X-Process-Count"));
        manager.failWith(0);
        Await.until("requested once the manager is back", () -> manager.isOpen(job.id()));
    }
}
