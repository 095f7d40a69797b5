package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deduplication by job across consumers and units. */
class JobRegistryTest {
    private static final JobKey JOB = JobKey.of("api.github.com", "Octo", "Repo", 42);
    private static TestMongo mongo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private MongoConnection connection;

    @BeforeAll
    static void startMongo() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void connect() {
        connection = mongo.connect();
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private JobRegistry registry(String owner) {
        return new JobRegistry(connection.database(), Duration.ofSeconds(30), owner, clock);
    }

    @Test
    void theFirstMessageServesTheJobAndADuplicateIsServedElsewhere() {
        ObjectId first = new ObjectId();
        ObjectId duplicate = new ObjectId();
        assertEquals(new JobRegistry.Acquisition.Mine(), registry("a").acquire(JOB, first, "large"));
        assertEquals(new JobRegistry.Acquisition.ServedElsewhere("a", first), registry("b").acquire(JOB, duplicate, "large"));
        assertEquals(JOB, JobKey.of("API.github.com", "octo", "repo", 42), "GitHub names are case-insensitive");
        assertFalse(JOB.equals(JobKey.of("api.github.com", "other", "repo", 42)), "another repository: another job");
    }

    @Test
    void aFinishedJobIsFinishedForEveryLaterMessage() {
        JobRegistry a = registry("a");
        a.acquire(JOB, new ObjectId(), "large");
        a.finish(JOB, JobRegistry.State.DONE, "in_progress");
        assertEquals(new JobRegistry.Acquisition.Finished(JobRegistry.State.DONE, "in_progress"),
                registry("b").acquire(JOB, new ObjectId(), "large"));
        assertFalse(a.renew(JOB), "nobody serves a finished job");
    }

    @Test
    void aLapsedEntryIsTakenOverAndItsFormerHolderStops() {
        JobRegistry a = registry("a");
        JobRegistry b = registry("b");
        a.acquire(JOB, new ObjectId(), "large");
        clock.advance(Duration.ofSeconds(20));
        assertTrue(a.renew(JOB));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(b.acquire(JOB, new ObjectId(), "large") instanceof JobRegistry.Acquisition.ServedElsewhere);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(new JobRegistry.Acquisition.Mine(), b.acquire(JOB, new ObjectId(), "large"));
        assertFalse(a.renew(JOB));
    }

    @Test
    void theSameMessageUnderANewHolderIsNoDuplicate() {
        ObjectId message = new ObjectId();
        registry("a").acquire(JOB, message, "large");
        // a lost the message's lease, b claimed the message: b serves the job, it is not a duplicate.
        assertEquals(new JobRegistry.Acquisition.Mine(), registry("b").acquire(JOB, message, "large"));
        assertFalse(registry("a").renew(JOB));
    }

    @Test
    void aReleasedJobCanBeServedByAnother() {
        JobRegistry a = registry("a");
        a.acquire(JOB, new ObjectId(), "large");
        a.release(JOB);
        assertEquals(new JobRegistry.Acquisition.Mine(), registry("b").acquire(JOB, new ObjectId(), "large"));
    }

    @Test
    void pruningKeepsRecentEntries() {
        JobRegistry a = registry("a");
        a.acquire(JOB, new ObjectId(), "large");
        a.finish(JOB, JobRegistry.State.DROPPED, "not found");
        JobKey recent = JobKey.of("api.github.com", "o", "r", 43);
        clock.advance(Duration.ofDays(2));
        a.acquire(recent, new ObjectId(), "large");
        a.finish(recent, JobRegistry.State.DONE, "completed");
        clock.advance(Duration.ofDays(2));
        assertEquals(1, a.prune(Duration.ofDays(3)));
        assertTrue(registry("b").acquire(recent, new ObjectId(), "large") instanceof JobRegistry.Acquisition.Finished);
        assertEquals(new JobRegistry.Acquisition.Mine(), registry("b").acquire(JOB, new ObjectId(), "large"));
    }

    @Test
    void concurrentDuplicatesHaveExactlyOneServer() throws Exception {
        int consumers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JobRegistry.Acquisition>> answers = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            String owner = "consumer-" + c;
            answers.add(pool.submit(() -> {
                try (MongoConnection own = mongo.connect(connection.database().getName())) {
                    JobRegistry registry = new JobRegistry(own.database(), Duration.ofSeconds(30), owner, clock);
                    start.await();
                    return registry.acquire(JOB, new ObjectId(), "large");
                }
            }));
        }
        start.countDown();
        int mine = 0;
        for (Future<JobRegistry.Acquisition> answer : answers) {
            if (answer.get(60, TimeUnit.SECONDS) instanceof JobRegistry.Acquisition.Mine) {
                mine++;
            }
        }
        pool.shutdown();
        assertEquals(1, mine);
    }
}
