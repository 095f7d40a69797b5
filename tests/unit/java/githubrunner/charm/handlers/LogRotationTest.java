package githubrunner.charm.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.HostPaths;
import githubrunner.contract.ManagerConfig;
import githubrunner.testing.Executables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logrotate itself reads the config the charm writes, and rotates the metrics log as intended. */
class LogRotationTest {
    @TempDir Path root;

    @Test
    void logrotateAcceptsTheConfigAndTruncatesTheMetricsLogInPlace() throws Exception {
        Files.createDirectories(root.resolve("etc/logrotate.d"));
        Files.writeString(root.resolve("etc/logrotate.d/github-runner-metrics"), "old");
        LogRotation.write(HostPaths.under(root), "nobody");
        assertFalse(Files.exists(root.resolve("etc/logrotate.d/github-runner-metrics")), "the old file goes");

        // The same config, pointed at the sandbox, forced: the metrics log is emptied, not moved away.
        Path log = root.resolve("var/log/github-runner-metrics.log");
        Files.createDirectories(root.resolve("var/log/github-runner-manager"));
        Files.writeString(log, "{\"event\":\"reconciliation\"}\n");
        Files.writeString(root.resolve("var/log/github-runner-manager/github-runner-0.log"), "started\n");
        // the consumers' log rotates itself by size: logrotate must not truncate it under the manager
        Path consumers = root.resolve(ManagerConfig.consumerLogPath("github-runner-0").substring(1));
        Files.createDirectories(consumers.getParent());
        Files.writeString(consumers, "consumer-1 started\n");
        Path config = root.resolve("test.conf");
        Files.writeString(config, LogRotation.config("root").replace("/var/log/", root.resolve("var/log") + "/")
                .replace("create 0640 root root", "create 0640"));
        Process process = new ProcessBuilder(List.of(Executables.require("logrotate"), "--force", "--state",
                root.resolve("state").toString(), config.toString())).redirectErrorStream(true).start();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertEquals("", Files.readString(log), "copytruncate keeps the file the manager holds open");
        assertTrue(Files.exists(root.resolve("var/log/github-runner-manager/github-runner-0.log.1")), "kept a week");
        assertEquals("consumer-1 started\n", Files.readString(consumers), "the consumer log is left to its own rotation");
        assertFalse(Files.exists(consumers.resolveSibling(consumers.getFileName() + ".1")));
    }
}
