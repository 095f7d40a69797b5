package githubrunner.cloud.openstack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A value looked up once and kept until forgotten. Callers that arrive while the lookup runs
 * wait for it and share its outcome, failure included: thirty creations starting together make
 * one flavor listing, not thirty.
 */
final class SharedLookup<T> {
    @FunctionalInterface
    interface Lookup<T> {
        T get() throws CloudException;
    }

    private final Lookup<T> lookup;
    private T value;
    private CompletableFuture<T> inFlight;

    SharedLookup(Lookup<T> lookup) {
        this.lookup = lookup;
    }

    T get() throws CloudException {
        CompletableFuture<T> shared;
        synchronized (this) {
            if (value != null) {
                return value;
            }
            if (inFlight != null) {
                shared = inFlight;
            } else {
                inFlight = new CompletableFuture<>();
                shared = null;
            }
        }
        return shared == null ? lookUp() : await(shared);
    }

    /** Looks it up again next time (a boot said it is gone). */
    synchronized void forget() {
        value = null;
    }

    private T lookUp() throws CloudException {
        CompletableFuture<T> mine;
        try {
            T found = lookup.get();
            synchronized (this) {
                value = found;
                mine = inFlight;
                inFlight = null;
            }
            mine.complete(found);
            return found;
        } catch (CloudException | RuntimeException | Error e) {
            synchronized (this) {
                mine = inFlight;
                inFlight = null;
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static <T> T await(CompletableFuture<T> shared) throws CloudException {
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CloudException cloud) {
                throw cloud;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
