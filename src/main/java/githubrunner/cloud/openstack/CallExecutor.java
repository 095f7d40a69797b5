package githubrunner.cloud.openstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one OpenStack operation: binds the session, counts the attempt, turns failures into
 * {@link CloudException}s and, for idempotent operations only, retries transient failures.
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

    CallExecutor(KeystoneSession session, RetryPolicy policy, CallStats stats) {
        this.session = session;
        this.policy = policy;
        this.stats = stats;
    }

    /** For reads, deletes and lookups: safe to repeat, so transient failures are retried. */
    <T> T idempotent(String metric, String operation, Call<T> call) throws CloudException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(metric, operation, call, attempt);
            } catch (CloudException e) {
                if (!policy.shouldRetry(attempt, e)) {
                    throw e;
                }
                stats.retried(metric);
                long pause = policy.backoff(attempt).toMillis();
                LOG.warn("{} failed ({}), retrying in {} ms (attempt {} of {})", operation, e.kind().label(), pause,
                        attempt + 1, policy.maxAttempts());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** For creates: exactly one attempt; the caller decides what an ambiguous failure means. */
    <T> T once(String metric, String operation, Call<T> call) throws CloudException {
        return attempt(metric, operation, call, 1);
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
