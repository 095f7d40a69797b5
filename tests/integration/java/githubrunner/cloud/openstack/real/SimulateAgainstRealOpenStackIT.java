package githubrunner.cloud.openstack.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code github-runner simulate --clouds-yaml}: the packed charm, driven through the Juju
 * emulator, and the manager it starts, against the real control plane (GitHub emulated). The
 * manager authenticates with the application credential; the runner agents read each VM's JIT
 * config from its user data through Nova as the admin.
 */
class SimulateAgainstRealOpenStackIT {
    @TempDir
    Path work;

    @Test
    void everyJobRunsOnVmsOfTheRealCloudAndStopLeavesNone() throws Exception {
        RealCloud real = RealCloud.require();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = work.resolve("simulate.out");
        Process process = new ProcessBuilder(java, "-jar", System.getProperty("charm.jar", "target/github-runner.jar"),
                "simulate", "--no-live", "--jobs", "4", "--arrival", "10", "--base", "2", "--job-seconds", "3",
                "--timeout", "400", "--charm", System.getProperty("charm.file", "target/github-runner.charm"),
                "--dir", work.resolve("run").toString(),
                "--clouds-yaml", real.get("CLOUDS_APPCRED"), "--agent-clouds-yaml", real.get("CLOUDS_ADMIN"),
                "--image", real.imageId(), "--flavor", real.flavor(), "--network", real.network())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        String text = Files.readString(output);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "simulate did not finish:\n" + text);
        System.out.print(text.substring(Math.max(0, text.indexOf("Summary"))));
        assertEquals(0, process.exitValue(), text);
        assertTrue(text.contains("jobs: 4 queued, 4 completed, 4 on this unit's runners"), text);
        assertTrue(text.contains("0 VMs left after stop"), text);
        assertTrue(text.contains("OpenStack not counted (a real cloud)"), text);
        assertTrue(text.contains("result: every job ran"), text);
    }
}
