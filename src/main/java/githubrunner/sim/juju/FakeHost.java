package githubrunner.sim.juju;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the host commands the charm runs, so it can run unprivileged: they record their
 * arguments and succeed; systemctl also really runs the services the charm defines (see
 * systemctl.sh), so a configured unit gets a live runner manager.
 */
final class FakeHost {
    static final List<String> COMMANDS = List.of("useradd", "chown", "logrotate", "apt-get", "hostnamectl");

    private FakeHost() {}

    static void install(Path binDir, Path log) throws IOException {
        Files.createDirectories(binDir);
        for (String command : COMMANDS) {
            Scripts.write(binDir.resolve(command), "#!/bin/sh\necho \"" + command + " $*\" >> " + Scripts.quote(log.toString()) + "\n");
        }
        try (InputStream systemctl = FakeHost.class.getResourceAsStream("systemctl.sh")) {
            String script = new String(systemctl.readAllBytes(), StandardCharsets.UTF_8);
            Scripts.write(binDir.resolve("systemctl"), script.replace("@LOG@", Scripts.quote(log.toString())));
        }
    }

    /** Stops every service the systemctl stand-in started under {@code rootDir}, as machine shutdown would. */
    static void stopServices(Path rootDir) throws IOException {
        Path state = rootDir.resolve("run/fake-systemd");
        if (!Files.isDirectory(state)) {
            return;
        }
        try (var pids = Files.list(state)) {
            for (Path pidFile : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy();
                    try {
                        process.onExit().get(15, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                    }
                });
                Files.deleteIfExists(pidFile);
            }
        }
    }
}
