package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import githubrunner.common.InstanceName;
import githubrunner.reactive.Kombu;
import githubrunner.reactive.KombuMessage;
import githubrunner.reactive.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactive path end to end from the queue: the manager as a process with its consumers,
 * MongoDB over TCP, the GitHub and OpenStack emulators with runner agents. Messages are published
 * as the canonical router does (Python kombu itself, or the same documents), and the runners are
 * counted in the OpenStack emulator. Each test waits for states; none asserts a wall-clock time.
 */
class ReactiveManagerIT {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir Path root;
    ReactiveFleet fleet;
    ManagerProcess manager;

    @BeforeEach
    void start() throws Exception {
        fleet = new ReactiveFleet();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.close();
        }
        fleet.close();
    }

    ManagerProcess startManager(int base, int max) throws Exception {
        manager = ManagerProcess.start(root, fleet.config(0, base, max, ReactiveFleet.FAST));
        manager.await("two consumers", WAIT, () -> ReactiveFleet.consumers(manager.pid()).size() == 2);
        return manager;
    }

    String prefix() {
        return manager.config.prefix();
    }

    String consumerLog() throws Exception {
        Path log = root.resolve("var/log/github-runner-manager/consumers/" + prefix() + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void jobsPublishedWithPythonKombuGetOneRunnerEachFromTheManager() throws Exception {
        startManager(0, 4);
        List<Long> jobs = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long id = fleet.queueJob(Duration.ofSeconds(6)).id();
            jobs.add(id);
            bodies.add(fleet.body(id));
        }
        Kombu.put(fleet.mongo.uri(ReactiveFleet.DATABASE), ReactiveFleet.APP, bodies);

        manager.await("every job run", WAIT, () -> fleet.completed(jobs));
        for (long id : jobs) {
            assertTrue(InstanceName.belongsTo(fleet.job(id).runnerName(), prefix()), "job " + id + " ran on this unit");
        }
        manager.await("the queue emptied", WAIT, () -> fleet.queued() == 0);
        assertEquals(4, fleet.serversEver(prefix()).size(), "one runner per job, none for a job already served");
        assertTrue(fleet.deadLetters().isEmpty(), fleet.deadLetters().toString());
        assertTrue(manager.metrics().contains("reactive_queue_depth{flavor=\"github-runner\"}"), "the queue's series");
    }

    @Test
    void hostileMessagesGetNoRunnerAndBreakNothing() throws Exception {
        startManager(0, 4);
        Set<Long> consumers = new HashSet<>(ReactiveFleet.consumers(manager.pid()).stream().map(ProcessHandle::pid).toList());
        long good = fleet.queueJob(Duration.ofSeconds(2)).id();
        String foreignOrg = fleet.emulators.github.url() + "/repos/other-org/repo/actions/jobs/" + good;
        List<Document> hostile = List.of(
                raw("{\"body\": \"!!!not base64\", \"content-type\": \"text/plain\", \"content-encoding\": \"utf-8\","
                        + " \"properties\": {\"body_encoding\": \"base64\"}}"),
                KombuMessage.text(ReactiveFleet.APP, "x".repeat(10 * 1024 * 1024)).toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, "{not json").toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, "{\"labels\":[\"x64\"],\"status\":\"queued\"}").toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, "{\"labels\":[\"x64\"],\"status\":\"queued\",\"url\":"
                        + "\"https://api.example.com/repos/canonical/fleet/actions/jobs/" + good + "\"}").toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, "{\"labels\":[\"x64\"],\"status\":\"queued\",\"url\":\"" + foreignOrg
                        + "\"}").toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, "{\"labels\":[\"gpu\"],\"status\":\"queued\",\"url\":\""
                        + fleet.jobUrl(good) + "\"}").toDocument(ReactiveFleet.APP),
                KombuMessage.text(ReactiveFleet.APP, fleet.body(987654321)).toDocument(ReactiveFleet.APP),
                raw("not an envelope"));
        fleet.messages.insertMany(hostile);
        fleet.publish(fleet.body(good));

        manager.await("the good job run", WAIT, () -> fleet.completed(List.of(good)));
        manager.await("every hostile message dropped", WAIT, () -> fleet.deadLetters().size() == hostile.size());
        for (Document dropped : fleet.deadLetters()) {
            assertEquals("dropped", dropped.getString("kind"), dropped.toJson());
            assertFalse(dropped.getString("reason").isBlank(), dropped.toJson());
        }
        assertEquals(1, fleet.serversEver(prefix()).size(), "a runner for the good job only");
        assertEquals(0, fleet.queued());
        assertTrue(manager.isAlive());
        assertEquals(consumers, new HashSet<>(ReactiveFleet.consumers(manager.pid()).stream().map(ProcessHandle::pid).toList()),
                "no consumer crashed\n" + consumerLog());
    }

    private static Document raw(String payload) {
        return new Document("payload", payload).append("queue", ReactiveFleet.APP).append("priority", 9);
    }

    @Test
    void theQueueShowsInStatusAndAFlushGivesTheClaimsBackAndStartsTheConsumersAgain() throws Exception {
        startManager(0, 1);
        long running = fleet.queueJob(Duration.ofMinutes(10)).id();
        fleet.publish(fleet.body(running));
        manager.await("the first job running", WAIT, () -> "in_progress".equals(fleet.job(running).status()));
        long waiting = fleet.queueJob(Duration.ofSeconds(2)).id();
        fleet.publish(fleet.body(waiting));
        manager.await("the second job claimed and asked for", WAIT, () -> openRequests().contains(waiting)
                && fleet.messages.countDocuments(Filters.exists(MessageQueue.CLAIMED_BY)) == 1);

        manager.await("the status naming the queue", WAIT, () -> status().endsWith("1 expected, 1 queued"));
        JsonNode check = manager.get("/runner/check");
        assertEquals(1, check.at("/queue/queued").asInt(), check.toString());
        assertEquals(1, check.at("/queue/requests").asInt(), check.toString());
        assertEquals(2, check.at("/queue/consumers").asInt(), check.toString());
        assertEquals(1, fleet.servers(prefix()).size(), "max-total 1: the second job waits");

        List<Long> before = ReactiveFleet.consumers(manager.pid()).stream().map(ProcessHandle::pid).toList();
        JsonNode flushed = manager.flush(false);
        assertEquals(0, flushed.get("flushed").asInt(), "the busy runner stays");
        assertTrue(consumerLog().contains("given back to the queue: consumer stopping"), consumerLog());
        manager.await("consumers started again", WAIT, () -> {
            List<Long> now = ReactiveFleet.consumers(manager.pid()).stream().map(ProcessHandle::pid).toList();
            return now.size() == 2 && now.stream().noneMatch(before::contains);
        });
        manager.await("the second job claimed again", WAIT, () -> openRequests().contains(waiting));
        assertEquals("in_progress", fleet.job(running).status());
    }

    List<Long> openRequests() {
        try {
            List<Long> ids = new ArrayList<>();
            manager.get("/reactive/jobs").get("job_ids").forEach(id -> ids.add(id.asLong()));
            return ids;
        } catch (Exception e) {
            return List.of();
        }
    }

    String status() {
        try {
            return String.join(" | ", manager.jujuStatus());
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void mongoDbGoneIsWaitingWithTheReasonWhileTheBasePoolKeepsWorking() throws Exception {
        startManager(1, 3);
        manager.await("the base runner online", WAIT, () -> status().equals("active | 1 idle, 0 busy, 1 expected"));
        fleet.mongo.stop();
        manager.await("Waiting for MongoDB", WAIT, () -> status().startsWith("waiting | MongoDB unreachable (")
                && status().endsWith("reactive runners paused; 1 idle, 0 busy, 1 expected"));
        assertFalse(status().contains("mongodb://"), status());

        long job = fleet.queueJob(Duration.ofSeconds(1)).id(); // no message: MongoDB is gone; the pool serves it
        manager.await("the job run by the base pool", WAIT, () -> fleet.completed(List.of(job)));
        String served = fleet.job(job).runnerName();
        manager.await("its runner replaced", WAIT, () -> fleet.servers(prefix()).size() == 1
                && fleet.servers(prefix()).stream().noneMatch(s -> s.name().equals(served))
                && status().endsWith("1 idle, 0 busy, 1 expected"));

        fleet.mongo.restart();
        manager.await("active again", WAIT, () -> status().equals("active | 1 idle, 0 busy, 1 expected"));
        long reactive = fleet.queueJob(Duration.ofSeconds(1)).id();
        fleet.publish(fleet.body(reactive));
        manager.await("a queued job served again", WAIT, () -> fleet.completed(List.of(reactive)));
        assertNotEquals(0, fleet.serversEver(prefix()).size());
    }
}
