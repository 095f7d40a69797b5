package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.sim.github.RunnerView;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetCountsTest {
    static RunnerView runner(String name, String status, boolean busy) {
        return new RunnerView(1, name, "o/r", 1, status, busy, "linux", List.of(), true);
    }

    @Test
    void everyVmIsCountedOnceByItsRunner() {
        FleetCounts fleet = FleetCounts.of(
                List.of(runner("vm-idle", "online", false), runner("vm-busy", "online", true),
                        runner("vm-boot", "offline", false), runner("no-vm-yet", "offline", false)),
                List.of("vm-idle", "vm-busy", "vm-boot", "vm-done"));
        assertEquals(new FleetCounts(4, 1, 1, 1, 1, 1), fleet);
        assertEquals(fleet.vms(), fleet.idle() + fleet.busy() + fleet.booting() + fleet.finished());
        assertEquals("4 VMs: 1 idle, 1 busy, 1 booting, 1 finished; 1 registering", fleet.toString());
    }

    @Test
    void theUnitAgreesWhenItsIdleAndBusyCountsAreTheEmulators() {
        FleetCounts fleet = FleetCounts.of(List.of(runner("a", "online", false), runner("b", "online", false)),
                List.of("a", "b", "c"));
        assertEquals(true, new Simulation.UnitReading("active", "2 idle, 0 busy, 3 expected", null).agreesWith(fleet));
        assertEquals(false, new Simulation.UnitReading("active", "0 idle, 3 busy, 3 expected", null).agreesWith(fleet),
                "the stale status the summary used to end with");
        assertEquals(false, new Simulation.UnitReading("maintenance", "Runner manager starting", null).agreesWith(fleet));
    }
}
