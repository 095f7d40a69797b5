package githubrunner.cloudinit;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import java.util.List;
import java.util.Objects;

/**
 * What is particular to one runner VM, next to the unit-wide {@code ManagerConfig.Vm} settings.
 * It carries the runner's JIT config only: the GitHub PAT or App key never reach a VM, so the
 * renderer never receives them.
 *
 * @param runnerName the VM's and the runner's name
 * @param jitConfig GitHub's {@code encoded_jit_config} for this runner
 * @param labels the runner's labels (they are in the JIT config; here they only label the script)
 */
public record RunnerBootstrap(InstanceName runnerName, Secret jitConfig, List<String> labels) {
    public RunnerBootstrap {
        Objects.requireNonNull(runnerName, "runnerName");
        Objects.requireNonNull(jitConfig, "jitConfig");
        labels = List.copyOf(labels);
    }
}
