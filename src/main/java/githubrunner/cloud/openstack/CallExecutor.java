package githubrunner.cloud.openstack;

import githubrunner.common.Retrier;
import githubrunner.common.RetryBudget;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one OpenStack operation: binds the session, counts the attempt, turns failures into
 * {@link CloudException}s and, for idempotent operations only, retries transient failures within
 * the policy's budget of attempts and time. A create is sent once per call; its caller may send it
 * again ({@link #resend}) once it has made sure the first send left nothing behind.
 */
final class CallExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(CallExecutor.class);

    /** The body of an operation; {@code attempt} counts from 1. */
    @FunctionalInterface
    interface Call<T> {
        T run(int attempt) throws CloudException;
    }

    private final KeystoneSession session;
    private final RetryPolicy policy;
    private final CallStats stats;
    private final Retrier retrier;

    CallExecutor(KeystoneSession session, RetryPolicy policy, CallStats stats) {
        this.session = session;
        this.policy = policy;
        this.stats = stats;
        this.retrier = Retrier.realTime(policy.budget());
    }

    /** For reads, deletes and lookups: safe to repeat, so transient failures are retried. */
    <T> T idempotent(String metric, String operation, Call<T> call) throws CloudException {
        return retrier.call(policy::isRetryable, (CloudException failure, int next, Duration pause) -> {
            stats.retried(metric);
            LOG.warn("{} failed ({}), retrying in {} ms (attempt {} of at most {})", operation, failure.kind().label(),
                    pause.toMillis(), next, policy.maxAttempts());
        }, attempt -> attempt(metric, operation, call, attempt));
    }

    /** For creates: exactly one attempt; the caller decides what an ambiguous failure means. */
    <T> T once(String metric, String operation, Call<T> call) throws CloudException {
        return attempt(metric, operation, call, 1);
    }

    /**
     * A create is sent at most twice: the second time only once the caller has made sure the first
     * left nothing behind (as the GitHub client does for a JIT registration).
     */
    static final int MAX_CREATE_SENDS = 2;

    /** Counts the sends of one create, within the policy's budget of attempts and time. */
    RetryBudget.Attempts createSends() {
        RetryBudget budget = policy.budget();
        return new RetryBudget(Math.min(MAX_CREATE_SENDS, budget.maxAttempts()), budget.initialBackoff(),
                budget.maxBackoff(), budget.maxTotal()).start(System::nanoTime, ThreadLocalRandom.current());
    }

    /**
     * After a create failed and left nothing behind: whether to send it again (the budget allows one
     * more send; then the pause has been waited and counted as a retry).
     */
    boolean resend(String metric, String operation, CloudException failure, RetryBudget.Attempts sends) {
        if (!policy.isRetryable(failure)) {
            return false;
        }
        Optional<Duration> pause = sends.retryAfterFailure();
        if (pause.isEmpty()) {
            return false;
        }
        stats.retried(metric);
        LOG.info("{} failed ({}) and left nothing behind; sending it again in {} ms", operation, failure.kind().label(),
                pause.get().toMillis());
        try {
            Thread.sleep(pause.get().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One attempt: counted, and so is its failure (authentication included), whatever the cause. */
    private <T> T attempt(String metric, String operation, Call<T> call, int attempt) throws CloudException {
        stats.called(metric);
        try {
            session.bind();
            T result = call.run(attempt);
            session.adoptRenewedToken();
            return result;
        } catch (CloudException e) {
            failed(metric, e);
            throw e;
        } catch (RuntimeException e) {
            CloudException error = ErrorTranslator.fromThrowable(operation, e);
            failed(metric, error);
            throw error;
        }
    }

    private void failed(String metric, CloudException error) {
        stats.failed(metric, error.kind());
        if (error.kind() == ErrorKind.AUTHENTICATION) {
            session.invalidate();
        }
    }
}
