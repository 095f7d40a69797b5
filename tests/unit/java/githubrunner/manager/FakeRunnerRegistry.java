package githubrunner.manager;

import githubrunner.common.Secret;
import githubrunner.github.DeleteResult;
import githubrunner.github.GitHubException;
import githubrunner.github.GitHubRunner;
import githubrunner.github.JitConfig;
import githubrunner.github.RateLimitStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory runner registrations with a budget: each call spends one unit, as on GitHub;
 * failures from {@link Faults} ("list", "register", "deregister").
 */
final class FakeRunnerRegistry implements RunnerRegistry {
    final Faults faults = new Faults();
    final AtomicInteger calls = new AtomicInteger();
    private final Map<Long, GitHubRunner> runners = new LinkedHashMap<>();
    private final Clock clock;
    private long nextId = 1;
    private long limit = 5000;
    private long remaining = 5000;
    private java.time.Instant reset;

    FakeRunnerRegistry(Clock clock) {
        this.clock = clock;
        this.reset = clock.instant().plus(Duration.ofHours(1));
    }

    @Override
    public synchronized List<GitHubRunner> listRunners() throws GitHubException {
        spend();
        faults.check("list", GitHubException.class);
        return List.copyOf(runners.values());
    }

    @Override
    public synchronized JitConfig register(String name, List<String> labels) throws GitHubException {
        spend();
        faults.check("register", GitHubException.class);
        long id = nextId++;
        runners.put(id, new GitHubRunner(id, name, "offline", false, labels));
        return new JitConfig(id, name, Secret.of("jit-" + id));
    }

    @Override
    public synchronized DeleteResult deregister(long runnerId) throws GitHubException {
        spend();
        faults.check("deregister", GitHubException.class);
        GitHubRunner runner = runners.get(runnerId);
        if (runner == null) {
            return DeleteResult.ALREADY_GONE;
        }
        if (runner.busy()) {
            return DeleteResult.BUSY;
        }
        runners.remove(runnerId);
        return DeleteResult.DELETED;
    }

    @Override
    public int lastListingCharged() {
        return 1;
    }

    @Override
    public synchronized RateLimitStatus rateLimit() {
        return new RateLimitStatus(Map.of("core", new RateLimitStatus.Budget(limit, remaining, reset, Optional.empty())),
                Optional.empty(), clock.instant());
    }

    synchronized void budget(long remainingCalls, Duration untilReset) {
        remaining = remainingCalls;
        reset = clock.instant().plus(untilReset);
    }

    private void spend() {
        calls.incrementAndGet();
        remaining = Math.max(0, remaining - 1);
    }

    /** Every registered runner comes online. */
    synchronized void allOnline() {
        runners.replaceAll((id, r) -> new GitHubRunner(id, r.name(), "online", r.busy(), r.labels()));
    }

    /** The runner takes a job. */
    synchronized void busy(String name) {
        runners.replaceAll((id, r) -> r.name().equals(name) ? new GitHubRunner(id, r.name(), "online", true, r.labels()) : r);
    }

    /** The ephemeral runner finished its job and GitHub removed it. */
    synchronized void finish(String name) {
        runners.values().removeIf(r -> r.name().equals(name));
    }

    synchronized List<String> names() {
        return new ArrayList<>(runners.values().stream().map(GitHubRunner::name).toList());
    }

    synchronized List<String> busyNames() {
        return runners.values().stream().filter(GitHubRunner::busy).map(GitHubRunner::name).toList();
    }
}
