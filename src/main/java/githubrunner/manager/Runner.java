package githubrunner.manager;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import githubrunner.github.GitHubRunner;
import java.time.Duration;
import java.time.Instant;

/**
 * One runner of this unit, as OpenStack (its VM) and GitHub (its registration) see it together;
 * either side may be missing.
 */
public record Runner(InstanceName name, CloudServer vm, GitHubRunner github, State state) {
    /**
     * How long a runner may stay offline after its VM was created before it counts as dead: the
     * Python charm's create timeout (300 s) plus its boot-wait steps (60+60+120+240+480 s) plus
     * 120 s. Booting VMs and slow cloud-init stay well inside it.
     */
    public static final Duration CREATION_GRACE = Duration.ofSeconds(1380);

    public enum State {
        /** Registered, VM up or booting, runner not online yet (within the creation grace). */
        STARTING(true),
        /** Online, waiting for a job. */
        IDLE(true),
        /** Running a job: never removed except by a busy flush or unit stop. */
        BUSY(true),
        /** Registered but offline for longer than the creation grace: it will not come. */
        OFFLINE(false),
        /** VM without registration: the ephemeral runner did its job and GitHub removed it. */
        FINISHED(false),
        /** VM in ERROR or stopped: it will not run a job. */
        BROKEN(false),
        /** Registration without VM: the VM was never made, or deleted behind our back. */
        DANGLING(false),
        /** VM without a runner_id: made by an older charm or not by us; cannot be matched. */
        UNTAGGED(false);

        private final boolean alive;

        State(boolean alive) {
            this.alive = alive;
        }

        /** Counts towards the runners the unit has (the rest is cleaned up). */
        public boolean isAlive() {
            return alive;
        }
    }

    static State stateOf(CloudServer vm, GitHubRunner github, Instant now) {
        if (vm == null) {
            return State.DANGLING;
        }
        if (vm.runnerId().isEmpty()) {
            return State.UNTAGGED;
        }
        if (vm.status() == ServerStatus.ERROR || vm.status() == ServerStatus.SHUTOFF
                || vm.status() == ServerStatus.DELETED) {
            return State.BROKEN;
        }
        if (github == null) {
            return State.FINISHED;
        }
        if (github.busy()) {
            return State.BUSY;
        }
        if (github.isOnline()) {
            return State.IDLE;
        }
        return Duration.between(vm.createdAt(), now).compareTo(CREATION_GRACE) < 0 ? State.STARTING : State.OFFLINE;
    }

    /** When the VM was made, or null for a registration without VM. */
    public Instant createdAt() {
        return vm == null ? null : vm.createdAt();
    }
}
