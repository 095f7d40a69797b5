package githubrunner.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs a call again after transient failures, within a {@link RetryBudget}. The clients decide
 * what is transient and what an attempt is; time, randomness and sleeping are injected so the
 * budget can be tested without waiting. Thread-safe.
 */
public final class Retrier {
    /** One attempt of the call; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E;
    }

    /** Told before each pause, e.g. to count and log the retry. */
    @FunctionalInterface
    public interface RetryListener<E> {
        void retrying(E failure, int nextAttempt, Duration pause);
    }

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final RetryBudget budget;
    private final LongSupplier nanoTime;
    private final Supplier<RandomGenerator> random;
    private final Sleeper sleeper;

    public Retrier(RetryBudget budget, LongSupplier nanoTime, Supplier<RandomGenerator> random, Sleeper sleeper) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** On the system's monotonic clock, sleeping for real. */
    public static Retrier realTime(RetryBudget budget) {
        return new Retrier(budget, System::nanoTime, ThreadLocalRandom::current, pause -> Thread.sleep(pause.toMillis()));
    }

    public RetryBudget budget() {
        return budget;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails in a way {@code retryable} refuses, or the budget
     * is spent; then the last failure is thrown. An interrupt during a pause ends the call with the
     * last failure (and the interrupt flag set). Unchecked exceptions are never retried.
     */
    public <T, E extends Exception> T call(Predicate<? super E> retryable, RetryListener<? super E> listener,
                                           Attempt<T, E> attempt) throws E {
        RetryBudget.Attempts attempts = budget.start(nanoTime, random.get());
        while (true) {
            E failure;
            try {
                return attempt.run(attempts.attempts());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                @SuppressWarnings("unchecked") // the only checked exception attempt.run may throw is E
                E typed = (E) e;
                failure = typed;
            }
            Optional<Duration> pause = retryable.test(failure) ? attempts.retryAfterFailure() : Optional.empty();
            if (pause.isEmpty()) {
                throw failure;
            }
            listener.retrying(failure, attempts.attempts(), pause.get());
            try {
                sleeper.sleep(pause.get());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}
