package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedLookupTest {
    private static final int CALLERS = 30;

    @Test
    void callersArrivingDuringTheLookupShareItsValue() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SharedLookup<String> lookup = new SharedLookup<>(() -> {
            lookups.incrementAndGet();
            await(release);
            return "flavor-1";
        });
        List<Future<String>> results = callTogether(lookup, release, lookups);
        for (Future<String> result : results) {
            assertEquals("flavor-1", result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, lookups.get());
        assertEquals("flavor-1", lookup.get());
        assertEquals(1, lookups.get(), "kept once found");
    }

    @Test
    void aFailureIsSharedByItsWaitersAndTheNextCallLooksAgain() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ServerErrorException failure = new ServerErrorException("list flavors", 503, "unavailable", null);
        SharedLookup<String> lookup = new SharedLookup<>(() -> {
            if (lookups.incrementAndGet() == 1) {
                await(release);
                throw failure;
            }
            return "flavor-2";
        });
        List<Future<String>> results = callTogether(lookup, release, lookups);
        for (Future<String> result : results) {
            var thrown = assertThrows(java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertSame(failure, thrown.getCause());
        }
        assertEquals(1, lookups.get(), "the waiters did not each retry");
        assertEquals("flavor-2", lookup.get());
        assertEquals(2, lookups.get());
    }

    @Test
    void forgetMakesTheNextCallLookAgain() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        SharedLookup<String> lookup = new SharedLookup<>(() -> "net-" + lookups.incrementAndGet());
        assertEquals("net-1", lookup.get());
        lookup.forget();
        assertEquals("net-2", lookup.get());
        assertEquals("net-2", lookup.get());
    }

    /**
     * Starts every caller and lets the lookup finish only once all of them are parked: one inside
     * the lookup (on the latch), the others waiting for its outcome.
     */
    private static List<Future<String>> callTogether(SharedLookup<String> lookup, CountDownLatch release,
                                                     AtomicInteger lookups) throws Exception {
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS, task -> {
            Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        });
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                results.add(pool.submit(lookup::get));
            }
            while (threads.size() < CALLERS || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                Thread.sleep(5);
            }
            release.countDown();
            for (Future<String> result : results) {
                try {
                    result.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException expected) {
                    // checked by the caller
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
