package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.PreparedServer;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.github.DeleteResult;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubRunner;
import githubrunner.github.JitConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations on this unit's runners: look at them, create them, remove them. Each operation
 * on many runners runs in parallel on a bounded pool; one runner's failure never stops the rest.
 * Callers serialise operations (the reconciler's lock).
 */
public final class RunnerManager implements AutoCloseable {
    /** At most this many runners are created or removed at once (the Python charm's cap). */
    static final int PARALLELISM = 30;
    private static final List<String> DEFAULT_LABELS = List.of("self-hosted", "linux");
    private static final Logger LOG = LoggerFactory.getLogger(RunnerManager.class);

    /** Renders the boot script of one runner VM. */
    @FunctionalInterface
    public interface BootScripts {
        String render(InstanceName name, Secret jitConfig, List<String> labels) throws Exception;
    }

    /**
     * @param prefix name prefix of this unit's runners and VMs
     * @param labels runner labels (self-hosted and linux are added)
     */
    public record Spec(String prefix, String imageId, List<String> labels) {}

    private final Spec spec;
    private final RunnerRegistry github;
    private final RunnerCloud cloud;
    private final BootScripts bootScripts;
    private final Clock clock;
    private final ExecutorService pool;
    /** Each creation's VM preparation, beside its registration on the pool: never the same pool (no deadlock). */
    private final ExecutorService preparations;
    private final List<String> labels;

    public RunnerManager(Spec spec, RunnerRegistry github, RunnerCloud cloud, BootScripts bootScripts, Clock clock) {
        this.spec = spec;
        this.github = github;
        this.cloud = cloud;
        this.bootScripts = bootScripts;
        this.clock = clock;
        this.pool = daemonPool("runner-ops");
        this.preparations = daemonPool("vm-prepare");
        List<String> all = new ArrayList<>(spec.labels());
        DEFAULT_LABELS.stream().filter(label -> !all.contains(label)).forEach(all::add);
        this.labels = List.copyOf(all);
    }

    public RunnerRegistry github() {
        return github;
    }

    public RunnerCloud cloud() {
        return cloud;
    }

    /** One OpenStack listing and one (paged) GitHub listing, made side by side, joined. */
    public Fleet look() throws CloudException, GitHubException {
        Future<List<GitHubRunner>> registered = pool.submit(github::listRunners);
        List<CloudServer> vms;
        try {
            vms = cloud.listServers();
        } catch (CloudException | RuntimeException e) {
            // The next look must not overlap this listing: wait for it, whatever its outcome.
            try {
                join(registered, GitHubException.class);
            } catch (GitHubException | RuntimeException ignored) {
                // the cloud's failure is the one reported
            }
            throw e;
        }
        return Fleet.of(vms, join(registered, GitHubException.class), spec.prefix(), clock.instant());
    }

    /** Runs {@code task} on this manager's pool, for work that can overlap a look (the security group check). */
    public <T> Future<T> alongside(Callable<T> task) {
        return pool.submit(task);
    }

    /** The future's value; its failure rethrown as is when it is an {@code expected} or unchecked one. */
    private static <T, E extends Exception> T join(Future<T> future, Class<E> expected) throws E {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (expected.isInstance(cause)) {
                throw expected.cast(cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The outcome of creating runners: those made, and why the others were not. */
    public record Created(List<InstanceName> runners, List<Exception> failures) {}

    /**
     * Creates {@code count} runners: JIT registration and the VM's keypair side by side, then the
     * VM; the registration is undone if the VM fails, the keypair if the registration does.
     */
    public Created create(int count) {
        if (count <= 0) {
            return new Created(List.of(), List.of());
        }
        List<Callable<InstanceName>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(this::createOne);
        }
        List<InstanceName> created = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (Future<InstanceName> result : invokeAll(tasks)) {
            try {
                created.add(result.get());
            } catch (ExecutionException e) {
                failures.add(e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!created.isEmpty()) {
            LOG.info("created {} runner(s): {}", created.size(), created);
        }
        if (!failures.isEmpty()) {
            LOG.warn("{} of {} runner(s) not created: {}", failures.size(), count, failures.get(0).getMessage());
        }
        return new Created(created, failures);
    }

    private InstanceName createOne() throws Exception {
        InstanceName name = InstanceName.generate(spec.prefix());
        // Its keypair is made while GitHub registers it: two round trips side by side, not one after the other.
        Future<PreparedServer> preparing = preparations.submit(() -> cloud.prepareServer(name));
        JitConfig jit;
        try {
            jit = github.register(name.value(), labels);
        } catch (Exception e) {
            abandon(preparing);
            throw e;
        }
        try {
            PreparedServer prepared = join(preparing, CloudException.class);
            String userData;
            try {
                userData = bootScripts.render(name, jit.encodedConfig(), labels);
            } catch (Exception e) {
                cloud.abandonServer(prepared);
                throw e;
            }
            cloud.bootServer(prepared, spec.imageId(), userData, Map.of(CloudServer.RUNNER_ID, Long.toString(jit.runnerId())));
            return name;
        } catch (Exception e) {
            try {
                github.deregister(jit.runnerId());
            } catch (GitHubException rollback) {
                LOG.warn("runner {} registered but its VM failed; its registration could not be removed either ({}),"
                        + " the next cleanup removes it", name, rollback.getMessage());
            }
            throw e;
        }
    }

    /** Undoes a preparation whose runner will not be registered; one that failed left nothing. */
    private void abandon(Future<PreparedServer> preparing) {
        try {
            cloud.abandonServer(join(preparing, CloudException.class));
        } catch (CloudException | RuntimeException failed) {
            LOG.debug("the preparation failed too: {}", failed.getMessage());
        }
    }

    /**
     * The outcome of removing runners.
     *
     * @param deregistrations how long each GitHub registration removal took
     * @param vmDeletions how long each VM deletion took (the metrics pull before it included)
     */
    public record Removed(List<InstanceName> runners, List<InstanceName> keptBusy, List<Exception> failures,
                          List<Duration> deregistrations, List<Duration> vmDeletions) {
        static Removed none() {
            return new Removed(List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    /**
     * Removes runners: the GitHub registration first, then the VM. A VM is removed only when
     * GitHub removed (or no longer knows) its runner, so a runner that took a job meanwhile keeps
     * its VM; with {@code force} (busy flush, unit stop) every VM goes regardless.
     */
    public Removed remove(List<Runner> runners, boolean force) {
        if (runners.isEmpty()) {
            return Removed.none();
        }
        List<InstanceName> removed = Collections.synchronizedList(new ArrayList<>());
        List<InstanceName> keptBusy = Collections.synchronizedList(new ArrayList<>());
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        List<Duration> deregistrations = Collections.synchronizedList(new ArrayList<>());
        List<Duration> vmDeletions = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (Runner runner : runners) {
            tasks.add(() -> {
                try {
                    if (removeOne(runner, force, deregistrations, vmDeletions)) {
                        removed.add(runner.name());
                    } else {
                        keptBusy.add(runner.name());
                    }
                } catch (CloudException | GitHubException e) {
                    failures.add(e);
                }
                return null;
            });
        }
        invokeAll(tasks);
        if (!removed.isEmpty()) {
            LOG.info("removed {} runner(s): {}", removed.size(), removed);
        }
        if (!keptBusy.isEmpty()) {
            LOG.info("kept {} runner(s) that are running a job: {}", keptBusy.size(), keptBusy);
        }
        if (!failures.isEmpty()) {
            LOG.warn("{} runner(s) not removed: {}", failures.size(), failures.get(0).getMessage());
        }
        return new Removed(List.copyOf(removed), List.copyOf(keptBusy), List.copyOf(failures), List.copyOf(deregistrations),
                List.copyOf(vmDeletions));
    }

    /** @return false when GitHub refused because the runner is busy (and not forced) */
    private boolean removeOne(Runner runner, boolean force, List<Duration> deregistrations, List<Duration> vmDeletions)
            throws CloudException, GitHubException {
        if (runner.github() != null) {
            long start = System.nanoTime();
            DeleteResult result = github.deregister(runner.github().id());
            deregistrations.add(Duration.ofNanos(System.nanoTime() - start));
            if (result == DeleteResult.BUSY && !force) {
                return false;
            }
        }
        if (runner.vm() != null) {
            long start = System.nanoTime();
            cloud.deleteServer(runner.vm());
            vmDeletions.add(Duration.ofNanos(System.nanoTime() - start));
        }
        return true;
    }

    private <T> List<Future<T>> invokeAll(List<Callable<T>> tasks) {
        try {
            return pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static ExecutorService daemonPool(String name) {
        return Executors.newFixedThreadPool(PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
        preparations.shutdownNow();
    }
}
