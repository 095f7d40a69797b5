package githubrunner.manager;

import githubrunner.cloud.openstack.CloudServer;
import githubrunner.common.InstanceName;
import githubrunner.contract.ManagerApi;
import githubrunner.github.GitHubRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This unit's runners at one moment, from one OpenStack listing and one GitHub listing, and the
 * decisions that follow from them. Pure: no I/O, so every rule is unit-tested on plain data.
 */
public final class Fleet {
    private final List<Runner> runners;

    private Fleet(List<Runner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** Joins VMs and GitHub registrations by name; both lists hold only this unit's names. */
    public static Fleet of(List<CloudServer> vms, List<GitHubRunner> registrations, String prefix, Instant now) {
        Map<InstanceName, CloudServer> byVm = new LinkedHashMap<>();
        vms.forEach(vm -> byVm.put(vm.name(), vm));
        Map<InstanceName, GitHubRunner> byRegistration = new LinkedHashMap<>();
        for (GitHubRunner registration : registrations) {
            InstanceName.parse(registration.name(), prefix).ifPresent(name -> byRegistration.put(name, registration));
        }
        List<Runner> runners = new ArrayList<>();
        byVm.forEach((name, vm) -> {
            GitHubRunner github = byRegistration.get(name);
            runners.add(new Runner(name, vm, github, Runner.stateOf(vm, github, now)));
        });
        byRegistration.forEach((name, github) -> {
            if (!byVm.containsKey(name)) {
                runners.add(new Runner(name, null, github, Runner.stateOf(null, github, now)));
            }
        });
        return new Fleet(runners);
    }

    public List<Runner> runners() {
        return runners;
    }

    public List<Runner> inState(Runner.State state) {
        return runners.stream().filter(r -> r.state() == state).toList();
    }

    /** Runners that count: starting, idle or busy. */
    public int alive() {
        return (int) runners.stream().filter(r -> r.state().isAlive()).count();
    }

    /** What cleanup removes: every runner that is not alive. */
    public List<Runner> dead() {
        return runners.stream().filter(r -> !r.state().isAlive()).toList();
    }

    /** Runners a flush removes: not busy (starting and idle), or every one with {@code busy}. */
    public List<Runner> flushCandidates(boolean busy) {
        return runners.stream().filter(r -> r.state() == Runner.State.IDLE || r.state() == Runner.State.STARTING
                || (busy && r.state() == Runner.State.BUSY)).toList();
    }

    public ManagerStatus.Counts counts(int expected) {
        return countsAfter(Set.of(), 0, expected);
    }

    /** The counts once {@code removed} are gone and {@code created} new runners are starting. */
    public ManagerStatus.Counts countsAfter(Set<InstanceName> removed, int created, int expected) {
        List<Runner> left = runners.stream().filter(r -> !removed.contains(r.name())).toList();
        return new ManagerStatus.Counts(count(left, Runner.State.IDLE), count(left, Runner.State.BUSY),
                count(left, Runner.State.STARTING) + created, count(left, Runner.State.OFFLINE), expected,
                (int) left.stream().filter(r -> r.vm() != null).count() + created);
    }

    private static int count(List<Runner> runners, Runner.State state) {
        return (int) runners.stream().filter(r -> r.state() == state).count();
    }

    /** The report of check-runners: runners as GitHub sees them. */
    public ManagerApi.RunnerReport report() {
        List<String> online = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        int offline = 0;
        int unknown = 0;
        for (Runner runner : runners) {
            if (runner.github() == null) {
                unknown++;
            } else if (runner.github().isOnline()) {
                online.add(runner.name().value());
                if (runner.github().busy()) {
                    busy.add(runner.name().value());
                }
            } else {
                offline++;
            }
        }
        return new ManagerApi.RunnerReport(online.size(), busy.size(), offline, unknown, online, busy);
    }
}
