package githubrunner.router;

import com.mongodb.MongoException;
import githubrunner.github.GitHubException;
import githubrunner.github.HookDeliveries;
import githubrunner.github.HookDelivery;
import githubrunner.github.RateLimitStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks GitHub to deliver again the {@code workflow_job}/{@code queued} deliveries of a hook that
 * failed since a time, once per event (guid), skipping events that were delivered later anyway
 * and those the ledger says are enqueued. It stays inside the GitHub budget it shares with the
 * runner manager: it stops when a tenth of the core budget is left or a limit hits, and paces
 * its requests (redeliveries are POSTs, which GitHub's secondary limits count harder).
 */
final class RedeliveryPass {
    /** Budget left to the runner manager: the pass stops before the core budget gets this low. */
    static final long MIN_RESERVE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryPass.class);

    /**
     * @param stoppedBy why the pass ended early ("budget", "rate limit", ...), or null when it ran through
     */
    record Result(int listed, int failed, int settled, int redelivered, int errors, String stoppedBy) {}

    interface Pacer {
        void pause() throws InterruptedException;
    }

    private final HookDeliveries github;
    private final DeliveryLedger ledger;
    private final Pacer pacer;

    RedeliveryPass(HookDeliveries github, DeliveryLedger ledger, Pacer pacer) {
        this.github = github;
        this.ledger = ledger;
        this.pacer = pacer;
    }

    Result run(HookDeliveries.Hook hook, Instant since) throws GitHubException, InterruptedException {
        var deliveries = github.listSince(hook, since, page -> budgetLeft());
        Set<String> delivered = new HashSet<>();
        for (HookDelivery delivery : deliveries) {
            if (delivery.succeeded()) {
                delivered.add(delivery.guid());
            }
        }
        Map<String, HookDelivery> failed = new LinkedHashMap<>();
        for (HookDelivery delivery : deliveries) {
            if (!delivery.succeeded() && "workflow_job".equals(delivery.event()) && "queued".equals(delivery.action())
                    && !delivered.contains(delivery.guid())) {
                failed.putIfAbsent(delivery.guid(), delivery); // the newest attempt of each event
            }
        }
        Set<String> settled = settled(failed.keySet());
        int redelivered = 0;
        int errors = 0;
        String stoppedBy = null;
        for (HookDelivery delivery : failed.values()) {
            if (settled.contains(delivery.guid())) {
                continue;
            }
            if (!budgetLeft()) {
                stoppedBy = "GitHub budget reserve reached";
                break;
            }
            if (redelivered + errors > 0) {
                pacer.pause();
            }
            try {
                github.redeliver(hook, delivery.id());
                redelivered++;
            } catch (GitHubException.RateLimited | GitHubException.InvalidToken | GitHubException.MissingPermission e) {
                stoppedBy = e.getMessage();
                break;
            } catch (GitHubException e) {
                errors++;
                LOG.warn("{}: delivery {} not redelivered: {}", hook, delivery.id(), e.getMessage());
            }
        }
        Result result = new Result(deliveries.size(), failed.size(), settled.size(), redelivered, errors, stoppedBy);
        LOG.info("{}: {} deliveries since {}, {} failed queued jobs, {} already enqueued, {} redelivered{}", hook,
                result.listed(), since, result.failed(), result.settled(), result.redelivered(),
                stoppedBy == null ? "" : " (stopped: " + stoppedBy + ")");
        return result;
    }

    private Set<String> settled(Set<String> guids) {
        if (guids.isEmpty() || ledger == null) {
            return Set.of();
        }
        try {
            return ledger.settled(guids);
        } catch (MongoException e) {
            // Redelivering an enqueued job costs a request, never a duplicate: the ledger stops it then.
            LOG.info("ledger unavailable, redelivering every failed delivery: {}", e.getMessage());
            return Set.of();
        }
    }

    private boolean budgetLeft() {
        RateLimitStatus status = github.rateLimit();
        Optional<RateLimitStatus.Budget> core = status.core();
        if (core.isEmpty() || core.get().reset().isBefore(status.at())) {
            return true; // nothing known yet, or the budget has been refilled since
        }
        RateLimitStatus.Budget budget = core.get();
        long reserve = Math.max(MIN_RESERVE, budget.limit() / 10);
        return budget.blockedUntil().isEmpty() && budget.remaining() > reserve;
    }
}
