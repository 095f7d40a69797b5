package githubrunner.sim.simulate;

import githubrunner.sim.github.RunnerView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fleet as the emulators hold it, counted per VM so the parts add up: each VM's runner (a VM
 * and its runner share a name) is idle, busy, or not online yet; a VM whose runner is gone
 * finished its job and waits for deletion. Runners registered before their VM exists count apart.
 */
record FleetCounts(int vms, int idle, int busy, int booting, int finished, int registering) {

    static FleetCounts of(List<RunnerView> runners, List<String> serverNames) {
        Map<String, RunnerView> byName = runners.stream()
                .collect(Collectors.toMap(RunnerView::name, Function.identity(), (a, b) -> a));
        int idle = 0;
        int busy = 0;
        int booting = 0;
        int finished = 0;
        Set<String> withVm = new HashSet<>();
        for (String server : serverNames) {
            RunnerView runner = byName.get(server);
            if (runner == null) {
                finished++;
                continue;
            }
            withVm.add(server);
            if (!"online".equals(runner.status())) {
                booting++;
            } else if (runner.busy()) {
                busy++;
            } else {
                idle++;
            }
        }
        int registering = (int) byName.keySet().stream().filter(name -> !withVm.contains(name)).count();
        return new FleetCounts(serverNames.size(), idle, busy, booting, finished, registering);
    }

    @Override
    public String toString() {
        return String.format("%d VMs: %d idle, %d busy, %d booting, %d finished; %d registering", vms, idle, busy, booting,
                finished, registering);
    }
}
