package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.github.GitHubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runners left in clouds (or GitHub targets) the unit used before its settings changed. Nothing
 * new goes there; each full reconcile removes those not running a job, the unit's stop removes
 * every one, and a target left empty is written to the done file, so the charm drops it from the
 * configuration. Without this, runners in an abandoned cloud would be nobody's for good.
 */
final class RetiredTargets {
    /** A retired target, with the operations on its runners. */
    record Retired(String id, String description, RunnerManager runners) {}

    private static final Logger LOG = LoggerFactory.getLogger(RetiredTargets.class);

    private final List<Retired> active;
    private final Path doneFile;

    RetiredTargets(List<Retired> targets, Path doneFile) {
        this.active = new ArrayList<>(targets);
        this.doneFile = doneFile;
    }

    static RetiredTargets none() {
        return new RetiredTargets(List.of(), null);
    }

    /**
     * Removes the runners of every retired target that are not busy (all of them with
     * {@code force}); returns how many runners are left in retired targets.
     */
    synchronized int clean(boolean force) {
        int left = 0;
        for (Retired target : List.copyOf(active)) {
            try {
                Fleet fleet = target.runners().look();
                List<Runner> removable = force ? fleet.runners()
                        : fleet.runners().stream().filter(r -> r.state() != Runner.State.BUSY).toList();
                RunnerManager.Removed removed = target.runners().remove(removable, force);
                int remaining = fleet.runners().size() - removed.runners().size();
                if (!removed.runners().isEmpty()) {
                    LOG.info("retired target {}: removed {} runner(s), {} left", target.description(),
                            removed.runners().size(), remaining);
                }
                if (remaining == 0) {
                    // Nothing is created there any more: keypairs and key files without a server (left
                    // by failed creates) go whatever their age, before the target is forgotten.
                    target.runners().cloud().cleanupAllOrphanKeypairs();
                    done(target);
                } else {
                    left += remaining;
                }
            } catch (CloudException | GitHubException e) {
                LOG.warn("retired target {}: cannot clean it now, the next full reconcile retries: {}",
                        target.description(), e.getMessage());
                left++;
            }
        }
        return left;
    }

    private void done(Retired target) {
        active.remove(target);
        target.runners().close();
        LOG.info("retired target {} has no runner left", target.description());
        try {
            Files.writeString(doneFile, target.id() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot record that {} is empty in {}: {}", target.description(), doneFile, e.getMessage());
        }
    }

    synchronized int count() {
        return active.size();
    }
}
