package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Retrier;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void retriesOnlyTransientFailures() {
        assertTrue(policy.isRetryable(new ServerErrorException("op", 503, "", null)));
        assertTrue(policy.isRetryable(new CloudTimeoutException("op", 0, "", null)));
        assertTrue(policy.isRetryable(new CloudUnreachableException("op", 0, "", null)));
        assertTrue(policy.isRetryable(new RequestRejectedException("op", 429, "slow down", null)));
        assertFalse(policy.isRetryable(new RequestRejectedException("op", 409, "", null)));
        assertFalse(policy.isRetryable(new AuthenticationFailedException("op", 401, "", null)));
        assertFalse(policy.isRetryable(new QuotaExceededException("op", 403, "", null)));
        assertFalse(policy.isRetryable(new InvalidResponseException("op", 200, "", null)));
        assertEquals(1, RetryPolicy.none().maxAttempts());
    }

    /**
     * The defaults under 30 % faults: a fast-failing call is held for at most the 5 s budget, and a
     * call whose every attempt times out is not retried past it; a cycle of ten sequential calls at
     * 30 % faults waits about a second in all, not tens of seconds.
     */
    @Test
    void theDefaultsHoldACallForSecondsNotTensOfSeconds() throws Exception {
        long[] nanos = {0};
        Random faults = new Random(30);
        Retrier retrier = new Retrier(RetryPolicy.defaults().budget(), () -> nanos[0], () -> faults, pause ->
                nanos[0] += pause.toNanos());
        long worst = 0;
        int failedCalls = 0;
        for (int cycle = 0; cycle < 1000; cycle++) {
            long cycleStart = nanos[0];
            for (int call = 0; call < 10; call++) {
                try {
                    retrier.call(RetryPolicy.defaults()::isRetryable, (e, next, pause) -> { }, attempt -> {
                        nanos[0] += Duration.ofMillis(20).toNanos(); // a fast answer or a fast 503
                        if (faults.nextDouble() < 0.3) {
                            throw new ServerErrorException("op", 503, "", null);
                        }
                        return null;
                    });
                } catch (ServerErrorException e) {
                    failedCalls++;
                }
            }
            worst = Math.max(worst, nanos[0] - cycleStart);
        }
        assertTrue(Duration.ofNanos(worst).compareTo(Duration.ofSeconds(10)) < 0, "worst cycle " + Duration.ofNanos(worst));
        assertTrue(failedCalls < 10_000 * 0.3 * 0.3 * 0.3 * 0.3 * 2, "calls failing all 4 attempts: " + failedCalls);
        assertTrue(Duration.ofNanos(nanos[0]).dividedBy(1000).compareTo(Duration.ofMillis(1500)) < 0,
                "mean cycle " + Duration.ofNanos(nanos[0]).dividedBy(1000));

        nanos[0] = 0;
        int[] attempts = {0};
        try {
            retrier.call(RetryPolicy.defaults()::isRetryable, (e, next, pause) -> { }, attempt -> {
                attempts[0]++;
                nanos[0] += Duration.ofSeconds(60).toNanos(); // the read timeout
                throw new CloudTimeoutException("op", 0, "", null);
            });
        } catch (CloudTimeoutException expected) {
            assertEquals(1, attempts[0], "a timed-out call has spent its budget");
        }
    }
}
