package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void retriesOnlyTransientFailuresAndOnlyUpToTheLimit() {
        assertTrue(policy.shouldRetry(1, new ServerErrorException("op", 503, "", null)));
        assertTrue(policy.shouldRetry(3, new CloudTimeoutException("op", 0, "", null)));
        assertFalse(policy.shouldRetry(4, new CloudTimeoutException("op", 0, "", null)), "four attempts in all");
        assertTrue(policy.shouldRetry(1, new CloudUnreachableException("op", 0, "", null)));
        assertTrue(policy.shouldRetry(1, new RequestRejectedException("op", 429, "slow down", null)));
        assertFalse(policy.shouldRetry(1, new RequestRejectedException("op", 409, "", null)));
        assertFalse(policy.shouldRetry(1, new AuthenticationFailedException("op", 401, "", null)));
        assertFalse(policy.shouldRetry(1, new QuotaExceededException("op", 403, "", null)));
        assertFalse(policy.shouldRetry(1, new InvalidResponseException("op", 200, "", null)));
        assertFalse(RetryPolicy.none().shouldRetry(1, new ServerErrorException("op", 500, "", null)));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndACap() {
        for (int i = 0; i < 200; i++) {
            assertBetween(50, 100, policy.backoff(1));
            assertBetween(100, 200, policy.backoff(2));
            assertBetween(200, 400, policy.backoff(3));
            assertBetween(500, 1000, policy.backoff(5));
            assertBetween(500, 1000, policy.backoff(60));
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private static void assertBetween(long min, long max, Duration actual) {
        assertTrue(actual.toMillis() >= min && actual.toMillis() <= max, actual + " not in [" + min + ", " + max + "] ms");
    }
}
