package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.contract.ManagerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two units of one application share its queue, five consumers each, and a burst of jobs far
 * beyond what they may run: the OpenStack emulator's server count of each unit, sampled
 * throughout, never exceeds max-total-virtual-machines, and every job still runs.
 */
class ReactiveMaxTotalIT {
    static final int MAX = 3;
    static final int JOBS = 30;
    static final Duration WAIT = Duration.ofMinutes(5);

    @TempDir Path root;
    ReactiveFleet fleet;
    final List<ManagerProcess> managers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ManagerProcess manager : managers) {
            manager.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void maxTotalHoldsWithTenConsumersOnTwoUnitsSharingOneQueue() throws Exception {
        fleet = new ReactiveFleet();
        ManagerConfig.ConsumerTuning five = new ManagerConfig.ConsumerTuning(5, 3, 300, 1000, 100);
        for (int unit = 0; unit < 2; unit++) {
            ManagerConfig config = fleet.config(unit, 0, MAX, five);
            managers.add(ManagerProcess.start(root.resolve("unit-" + unit), config));
        }
        for (ManagerProcess manager : managers) {
            manager.await("five consumers", WAIT, () -> ReactiveFleet.consumers(manager.pid()).size() == 5);
        }
        List<String> prefixes = managers.stream().map(m -> m.config.prefix()).toList();

        int[] peak = new int[2];
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (int unit = 0; unit < 2; unit++) {
                    int servers = fleet.servers(prefixes.get(unit)).size();
                    synchronized (peak) {
                        peak[unit] = Math.max(peak[unit], servers);
                    }
                }
                samples.incrementAndGet();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "server-count");
        sampler.start();

        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            long id = fleet.queueJob(Duration.ofSeconds(2)).id();
            jobs.add(id);
            fleet.publish(fleet.body(id));
        }
        managers.get(0).await("every job run", WAIT, () -> fleet.completed(jobs));
        sampler.interrupt();
        sampler.join();

        synchronized (peak) {
            assertTrue(peak[0] <= MAX && peak[1] <= MAX, "servers per unit at most " + MAX + ": peaks " + peak[0] + ", "
                    + peak[1] + " over " + samples + " samples");
            assertEquals(MAX, Math.max(peak[0], peak[1]), "the burst did fill a unit");
        }
        int[] ran = new int[2];
        for (long id : jobs) {
            String runner = fleet.job(id).runnerName();
            int unit = InstanceName.belongsTo(runner, prefixes.get(0)) ? 0 : InstanceName.belongsTo(runner, prefixes.get(1)) ? 1 : -1;
            assertTrue(unit >= 0, "job " + id + " ran on " + runner);
            ran[unit]++;
        }
        assertTrue(ran[0] > 0 && ran[1] > 0, "both units took jobs from the shared queue: " + ran[0] + " and " + ran[1]);
        assertTrue(samples.get() > 100, "sampled throughout: " + samples);
    }
}
