package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.sim.github.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueTimesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static JobView job(long id, long queuedAt, Long takenAt) {
        return new JobView(id, 1, "o", "r", "build", List.of(), takenAt == null ? "queued" : "completed", null, null, null,
                null, null, "sha", T0.plusSeconds(queuedAt), takenAt == null ? null : T0.plusSeconds(takenAt), null);
    }

    @Test
    void jobsStillQueuedCountAtTheirAgeAndMakeTheFiguresLowerBounds() {
        // Nine jobs taken after 1 s; one queued at 0 s still waits at 100 s.
        List<JobView> jobs = new java.util.ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            jobs.add(job(i, i, i + 1L));
        }
        jobs.add(job(10, 0, null));
        QueueTimes times = QueueTimes.of(jobs, T0.plusSeconds(100));
        assertEquals(List.of(Duration.ofSeconds(100)), times.waiting());
        assertEquals(new QueueTimes.Figure(Duration.ofSeconds(1), false), times.percentile(50),
                "the waiting job already waited longer: the median is exact");
        assertEquals(new QueueTimes.Figure(Duration.ofSeconds(100), true), times.percentile(95));
        assertEquals("at least 100.0s", times.percentile(100).toString());
    }

    @Test
    void withoutWaitingJobsFiguresAreExact() {
        QueueTimes times = QueueTimes.of(List.of(job(1, 0, 2L), job(2, 0, 4L)), T0.plusSeconds(50));
        assertEquals(new QueueTimes.Figure(Duration.ofSeconds(2), false), times.percentile(50));
        assertEquals("4.0s", times.percentile(95).toString());
        assertEquals("-", QueueTimes.of(List.of(), T0).percentile(50).toString());
    }

    @Test
    void aYoungWaitingJobMakesEveryFigureAtOrAboveItsAgeALowerBound() {
        QueueTimes times = QueueTimes.of(List.of(job(1, 0, 10L), job(2, 95, null)), T0.plusSeconds(100));
        assertEquals(new QueueTimes.Figure(Duration.ofSeconds(5), true), times.percentile(50),
                "it has waited 5 s so far and may wait longer");
    }
}
