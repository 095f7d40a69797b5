package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import githubrunner.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision with stand-in consumers: shell scripts that run, crash or ignore SIGTERM (the real
 * consumer process is covered by ConsumerProcessIT). The script gets {@code --config FILE} as the
 * real consumer does.
 */
class ConsumerSupervisorTest {
    static final String PASSWORD = "s3cret-mongo-password";

    @TempDir
    Path dir;
    private ConsumerSupervisor supervisor;

    @AfterEach
    void stopAll() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    static ConsumerConfig config() {
        GitHubTarget github = new GitHubTarget("https://api.github.com", GitHubPath.repository("octo", "repo"),
                GitHubAuth.token(Secret.of("ghp_token")));
        return new ConsumerConfig(ConsumerConfig.VERSION, "github-runner/0", "github-runner-0",
                new ConsumerConfig.Mongo(Secret.of("mongodb://relation-3:" + PASSWORD + "@10.0.0.5:27017/db"), "db", "large"),
                github, null, new ConsumerConfig.Manager(8080, Secret.of("api-token")), List.of("large"), "x64",
                ConsumerConfig.Limits.defaults(), "INFO");
    }

    private ConsumerSupervisor supervisor(String script, Duration grace) throws IOException {
        ConsumerSupervisor.Options options = ConsumerSupervisor.Options.defaults(dir.resolve("consumer.yaml"),
                        dir.resolve("log/consumers.log"))
                .withCommand(List.of("/bin/sh", "-c", script, "consumer"))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMinutes(1));
        options = new ConsumerSupervisor.Options(options.configFile(), options.logFile(), options.logMaxBytes(),
                options.logFiles(), options.command(), options.environment(), options.minBackoff(), options.maxBackoff(),
                options.stableAfter(), 4, Duration.ofMinutes(10), grace);
        supervisor = new ConsumerSupervisor(options, Clock.systemUTC());
        return supervisor;
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("log/consumers.log"));
    }

    @Test
    void runsConsumersWithTheConfigFileAndStopsThemWithSigterm() throws Exception {
        supervisor("trap 'echo \"bye from $$\"; exit 0' TERM; echo \"config $2\"; while true; do sleep 0.05; done",
                Duration.ofSeconds(10));
        supervisor.start(config(), 2);
        Await.until("two running", () -> supervisor.status().running() == 2);
        ConsumerSupervisor.Status status = supervisor.status();
        assertFalse(status.crashLoop());
        assertNull(status.problem());
        for (ConsumerSupervisor.ConsumerState consumer : status.consumers()) {
            assertTrue(consumer.rssKiB() > 0, "RSS measured: " + consumer);
            String cmdline = Files.readString(Path.of("/proc/" + consumer.pid() + "/cmdline"));
            String environ = Files.readString(Path.of("/proc/" + consumer.pid() + "/environ"));
            assertFalse(cmdline.contains(PASSWORD) || environ.contains(PASSWORD), "a secret on the command line or in the environment");
            assertTrue(cmdline.contains(dir.resolve("consumer.yaml").toString()));
        }
        Path config = dir.resolve("consumer.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertTrue(Files.readString(config).contains(PASSWORD), "the credentials are in the 0600 file");
        assertEquals(config(), ConsumerConfigFile.read(config));

        supervisor.stop();
        assertEquals(0, supervisor.status().running());
        String log = log();
        assertEquals(2, log.lines().filter(l -> l.startsWith("bye from ")).count(), log);
        assertTrue(log.contains("config " + config), log);
        assertFalse(log.contains("exited with code"), "a requested stop is no crash: " + log);
    }

    @Test
    void aConsumerThatExitsIsRestartedWithBackoffAndACrashLoopIsReported() throws Exception {
        supervisor("echo 'cannot use the config'; exit 2", Duration.ofSeconds(5));
        supervisor.start(config(), 1);
        Await.until("crash loop", () -> supervisor.status().crashLoop());
        ConsumerSupervisor.Status status = supervisor.status();
        assertTrue(status.problem().contains("crash-looping") && status.problem().contains("last exit code 2"), status.problem());
        assertTrue(status.consumers().get(0).exits() >= 4);
        String log = log();
        assertTrue(log.contains("consumer-1 exited with code 2; restart in 20 ms"), log);
        assertTrue(log.contains("consumer-1 exited with code 2; restart in 40 ms"), log);
        assertTrue(log.contains("restart in 80 ms"), "the backoff doubles up to its cap: " + log);
        assertTrue(log.contains("cannot use the config"));
        supervisor.stop();
        int exits = supervisor.status().consumers().size();
        assertEquals(0, exits, "stopped: no slot left to restart");
    }

    @Test
    void aConsumerIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        supervisor("trap '' TERM; while true; do sleep 0.05; done", Duration.ofMillis(300));
        supervisor.start(config(), 1);
        Await.until("running", () -> supervisor.status().running() == 1);
        long pid = supervisor.status().consumers().get(0).pid();
        supervisor.stop();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(log().contains("did not stop within 0 s; killed"), log());
    }

    @Test
    void theLogIsRotatedBySizeAndKeepsWholeLines() throws Exception {
        Path file = dir.resolve("rot/consumers.log");
        try (RotatingLog log = new RotatingLog(file, 32 * 1024, 2, Clock.systemUTC())) {
            try (var a = log.lines(); var b = log.lines()) {
                for (int i = 0; i < 2000; i++) {
                    (i % 2 == 0 ? a : b).write(("line " + i + " " + "x".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(file.getParent())) {
            files = list.sorted().toList();
        }
        assertEquals(List.of(file, file.resolveSibling("consumers.log.1"), file.resolveSibling("consumers.log.2")), files);
        for (Path each : files) {
            assertTrue(Files.size(each) <= 32 * 1024, each + " " + Files.size(each));
            assertTrue(Files.readAllLines(each).stream().allMatch(l -> l.matches("line [0-9]+ x{40}")), each.toString());
        }
        assertTrue(Files.readString(file).contains("line 1999 "), "the newest lines are in the live file");
    }
}
