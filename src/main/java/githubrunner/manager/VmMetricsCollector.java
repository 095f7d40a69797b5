package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.contract.ManagerConfig;
import githubrunner.github.GitHubClient;
import githubrunner.metrics.HostKeyFingerprints;
import githubrunner.metrics.JobLookup;
import githubrunner.metrics.PulledFiles;
import githubrunner.metrics.RunnerOutcome;
import githubrunner.metrics.SshSettings;
import githubrunner.metrics.VmFileReader;
import githubrunner.metrics.VmMetrics;
import githubrunner.metrics.VmTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a runner VM's metrics files right before it is deleted and turns them into events and
 * histogram observations (reference/upstream-charm.md §8.1). Best effort: it never throws, and a
 * VM that does not answer costs at most {@link SshSettings#deadline()}.
 *
 * <p>Only ACTIVE VMs are asked (a VM still building has no files and no sshd). The host key is
 * checked against the fingerprints cloud-init printed on the VM's console, one OpenStack call.
 */
public final class VmMetricsCollector implements AutoCloseable {
    /** cloud-init prints the fingerprints near the end of the boot; later console lines are few. */
    static final int CONSOLE_LINES = 400;
    private static final Logger LOG = LoggerFactory.getLogger(VmMetricsCollector.class);

    private final OpenStackCloud cloud;
    private final ManagerMetrics metrics;
    private final VmFileReader reader;
    private final VmMetrics vmMetrics;
    private final JobLookup jobs;

    /**
     * @param target where {@code github} points: its path is where the VMs' jobs are looked up
     * @param ssh the SSH client, shared by the collectors of the unit's targets
     */
    public VmMetricsCollector(ManagerConfig config, OpenStackCloud cloud, GitHubClient github, ManagerConfig.GitHub target,
                              ManagerMetrics metrics, VmFileReader ssh, Clock clock) {
        this(cloud, metrics, ssh, new VmMetrics(config.application(), clock),
                new GitHubJobLookup(github, target.path()));
    }

    VmMetricsCollector(OpenStackCloud cloud, ManagerMetrics metrics, VmFileReader reader, VmMetrics vmMetrics,
                       JobLookup jobs) {
        this.cloud = cloud;
        this.metrics = metrics;
        this.reader = reader;
        this.vmMetrics = vmMetrics;
        this.jobs = jobs;
    }

    /** Call right before deleting the VM. */
    public void beforeDelete(CloudServer vm) {
        if (vm == null || vm.status() != ServerStatus.ACTIVE) {
            return;
        }
        long start = System.nanoTime();
        try {
            PulledFiles files = reader.pull(new VmTarget(vm.name().value(), vm.addresses(), cloud.keyFile(vm),
                    hostKeys(vm)));
            files.failure().ifPresent(why -> LOG.info("no metrics from {}: {}", vm.name(), why));
            RunnerOutcome outcome = vmMetrics.outcome(vm.name().value(), vm.createdAt(), files, jobs);
            outcome.warnings().forEach(warning -> LOG.warn("metrics of {}: {}", vm.name(), warning));
            metrics.runnerPulled(outcome, Duration.ofNanos(System.nanoTime() - start), files.failure().isEmpty());
        } catch (RuntimeException e) {
            LOG.warn("metrics of {} not collected: {}", vm.name(), e.toString());
        }
    }

    private Set<String> hostKeys(CloudServer vm) {
        try {
            return HostKeyFingerprints.fromConsole(cloud.consoleOutput(vm, CONSOLE_LINES));
        } catch (CloudException e) {
            LOG.debug("console of {} unreadable, its host key goes unchecked: {}", vm.name(), e.getMessage());
            return Set.of();
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
