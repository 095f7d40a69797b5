package githubrunner.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry budget on a fake clock: attempts, pauses and total time are bounded, and nothing sleeps for real. */
class RetrierTest {
    private static final RetryBudget BUDGET = new RetryBudget(4, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    /** Time moves only when the code under test sleeps or an attempt "takes" time. */
    private long nanos;
    private final List<Duration> pauses = new ArrayList<>();
    private final Retrier retrier = new Retrier(BUDGET, () -> nanos, () -> new Random(7), pause -> {
        pauses.add(pause);
        nanos += pause.toNanos();
    });

    private static final class Transient extends IOException {}

    private static final class Permanent extends IOException {}

    @Test
    void retriesTransientFailuresUntilOneSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier.call(e -> e instanceof Transient, (e, next, pause) -> { }, attempt -> {
            calls.incrementAndGet();
            if (attempt < 3) {
                throw new Transient();
            }
            return "ok after " + attempt;
        });

        assertEquals("ok after 3", result);
        assertEquals(3, calls.get());
        assertEquals(2, pauses.size());
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> announced = new ArrayList<>();
        Transient last = new Transient();
        Transient thrown = assertThrows(Transient.class, () -> retrier.call(e -> true,
                (e, next, pause) -> announced.add(next), attempt -> {
                    calls.incrementAndGet();
                    throw attempt == 4 ? last : new Transient();
                }));

        assertSame(last, thrown);
        assertEquals(4, calls.get());
        assertEquals(List.of(2, 3, 4), announced);
    }

    @Test
    void pausesGrowExponentiallyWithJitterAndACap() {
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            assertBetween(100, 200, BUDGET.backoff(1, random));
            assertBetween(200, 400, BUDGET.backoff(2, random));
            assertBetween(400, 800, BUDGET.backoff(3, random));
            assertBetween(1000, 2000, BUDGET.backoff(5, random));
            assertBetween(1000, 2000, BUDGET.backoff(64, random));
        }
        // Jittered: two callers failing together do not all pause alike.
        assertTrue(java.util.stream.IntStream.range(0, 50).mapToObj(i -> BUDGET.backoff(3, random)).distinct().count() > 10);
    }

    @Test
    void slowFailuresSpendTheTimeBudgetBeforeTheAttempts() {
        AtomicInteger calls = new AtomicInteger();
        // Each attempt times out after 2 s: attempts start at 0, ~2.2 and ~4.5 s; a fourth would start
        // after the 5 s budget, so it is not made.
        assertThrows(Transient.class, () -> retrier.call(e -> true, (e, next, pause) -> { }, attempt -> {
            calls.incrementAndGet();
            nanos += Duration.ofSeconds(2).toNanos();
            throw new Transient();
        }));

        assertEquals(3, calls.get());
        assertTrue(Duration.ofNanos(nanos).compareTo(Duration.ofSeconds(5).plusSeconds(2)) <= 0,
                "held for at most maxTotal plus one attempt: " + Duration.ofNanos(nanos));
    }

    @Test
    void anAttemptLongerThanTheWholeBudgetIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(Transient.class, () -> retrier.call(e -> true, (e, next, pause) -> { }, attempt -> {
            calls.incrementAndGet();
            nanos += Duration.ofSeconds(30).toNanos();
            throw new Transient();
        }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void theWorstCaseOfFastFailuresStaysWithinTheBudget() {
        for (int run = 0; run < 200; run++) {
            long before = nanos;
            assertThrows(Transient.class, () -> retrier.call(e -> true, (e, next, pause) -> { }, attempt -> {
                nanos += Duration.ofMillis(50).toNanos();
                throw new Transient();
            }));
            assertTrue(nanos - before <= Duration.ofSeconds(5).plusMillis(50).toNanos());
        }
    }

    @Test
    void permanentFailuresAndUncheckedExceptionsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(Permanent.class, () -> retrier.call((IOException e) -> e instanceof Transient, (e, next, pause) -> { },
                attempt -> {
                    calls.incrementAndGet();
                    throw new Permanent();
                }));
        assertThrows(IllegalStateException.class, () -> retrier.call(e -> true, (e, next, pause) -> { },
                attempt -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("bug");
                }));
        assertEquals(2, calls.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void anInterruptDuringAPauseEndsTheCallWithTheFailure() {
        Retrier interrupted = new Retrier(BUDGET, () -> nanos, () -> new Random(1), pause -> {
            throw new InterruptedException();
        });
        AtomicInteger calls = new AtomicInteger();
        try {
            assertThrows(Transient.class, () -> interrupted.call(e -> true, (e, next, pause) -> { }, attempt -> {
                calls.incrementAndGet();
                throw new Transient();
            }));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, calls.get());
    }

    @Test
    void noneMeansOneAttemptAndNonsenseIsRefused() {
        Retrier once = new Retrier(RetryBudget.none(), () -> nanos, () -> new Random(1), pause -> { });
        AtomicInteger calls = new AtomicInteger();
        assertThrows(Transient.class, () -> once.call(e -> true, (e, next, pause) -> { }, attempt -> {
            calls.incrementAndGet();
            throw new Transient();
        }));
        assertEquals(1, calls.get());
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBudget(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBudget(2, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBudget(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1)));
    }

    private static void assertBetween(long min, long max, Duration actual) {
        assertTrue(actual.toMillis() >= min && actual.toMillis() <= max, actual + " not in [" + min + ", " + max + "] ms");
    }
}
