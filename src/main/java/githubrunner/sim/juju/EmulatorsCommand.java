package githubrunner.sim.juju;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code juju-local emulators start|stop}: the GitHub and OpenStack emulators ({@code github-runner
 * sim cloud}) as a background process of the work directory, so a unit configured for them has a
 * cloud to run runners in between juju-local commands. Its settings live in {@code DIR/emulators}.
 */
final class EmulatorsCommand {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private EmulatorsCommand() {}

    static int run(Path workDir, List<String> args) throws IOException {
        Path dir = workDir.toAbsolutePath().resolve("emulators");
        String command = args.isEmpty() ? "" : args.get(0);
        return switch (command) {
            case "start" -> start(workDir, dir, args.subList(1, args.size()));
            case "stop" -> stop(dir);
            default -> throw new IllegalArgumentException("usage: emulators start [--repo OWNER/REPO] [--boot-seconds N] | emulators stop");
        };
    }

    /** Prints the settings as sh assignments, for {@code eval "$(juju-local emulators start)"}. */
    private static int start(Path workDir, Path dir, List<String> options) throws IOException {
        if (running(dir).isPresent()) {
            System.out.print(Files.readString(dir.resolve("env")));
            return 0;
        }
        PrivateFiles.directory(workDir.toAbsolutePath());
        PrivateFiles.directory(dir);
        Files.deleteIfExists(dir.resolve("ready"));
        Path log = dir.resolve("emulators.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "githubrunner.sim.SimCli", "cloud", "--dir", dir.toString()));
        command.addAll(options);
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add(0, "/usr/bin/setsid");   // its own session: a terminal's hangup does not reach it
        }
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.exists(dir.resolve("ready"))) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroy();
                throw new IOException("the emulators did not start; see " + log + ":\n" + tail(log));
            }
            sleep(100);
        }
        System.out.print(Files.readString(dir.resolve("env")));
        return 0;
    }

    private static int stop(Path dir) throws IOException {
        Optional<ProcessHandle> process = running(dir);
        if (process.isEmpty()) {
            System.out.println("no emulators running for " + dir.getParent());
        } else {
            process.get().destroy();
            try {
                process.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
            System.out.println("emulators stopped");
        }
        for (String file : List.of("ready", "env", "clouds.yaml")) {
            Files.deleteIfExists(dir.resolve(file));
        }
        return 0;
    }

    /** The emulator process of this directory, if it is alive (the pid is checked against its arguments). */
    private static Optional<ProcessHandle> running(Path dir) throws IOException {
        Path ready = dir.resolve("ready");
        if (!Files.exists(ready)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(ready).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(dir.toString())).orElse(false));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the emulators", e);
        }
    }
}
