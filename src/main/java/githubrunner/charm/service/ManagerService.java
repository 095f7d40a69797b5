package githubrunner.charm.service;

import githubrunner.charm.CharmContext;
import githubrunner.charm.UnitFiles;
import githubrunner.common.HostPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The unit's runner manager as a systemd service, {@code github-runner-manager@<app>-<n>.service}:
 * its unit file, and starting, stopping and removing it through systemctl (found on PATH).
 */
public final class ManagerService {
    public static final String SERVICE_USER = "runner-manager";
    /**
     * The manager's JVM options (benchmarks start it with the same). C1 only: the manager waits on
     * HTTP most of the time and works in short bursts, which C2 never repays; its compilations took
     * a core for seconds when 200 runners were created (see docs/PERFORMANCE.md, Reconcile).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

    private final CharmContext context;
    private final UnitFiles files;

    public ManagerService(CharmContext context) {
        this.context = context;
        this.files = context.files();
    }

    public String unitName() {
        return "github-runner-manager@" + context.unit().prefix() + ".service";
    }

    public Path unitFile() {
        return context.host().resolve("/etc/systemd/system/" + unitName());
    }

    /** Writes the unit file; returns true if it changed (systemd then needs a daemon-reload). */
    public boolean writeUnitFile() throws IOException {
        String content = unitFileContent();
        Path file = unitFile();
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return true;
    }

    String unitFileContent() {
        HostPaths host = context.host();
        String java = javaBinary(context);
        String log = files.managerLog().toString();
        StringBuilder unit = new StringBuilder();
        unit.append("""
                [Unit]
                Description=GitHub runner manager of Juju unit %s
                After=network-online.target
                Wants=network-online.target
                StartLimitIntervalSec=0

                [Service]
                Type=simple
                User=%s
                Group=%s
                """.formatted(context.unit().unitName(), SERVICE_USER, SERVICE_USER));
        if (host.isSandboxed()) {
            unit.append("Environment=").append(HostPaths.ROOT_VARIABLE).append('=').append(host).append('\n');
        }
        unit.append("""
                ExecStart=%s %s -jar %s manager --config %s
                Restart=on-failure
                RestartSec=30
                TimeoutStopSec=90
                StandardOutput=append:%s
                StandardError=append:%s

                [Install]
                WantedBy=multi-user.target
                """.formatted(java, String.join(" ", JVM_OPTIONS), context.charmDir().resolve("lib/github-runner.jar"),
                files.managerConfig(), log, log));
        return unit.toString();
    }

    /** The charm's bundled runtime if it has one, else the runtime running this hook. */
    public static String javaBinary(CharmContext context) {
        Path bundled = context.charmDir().resolve("jre/bin/java");
        return Files.isExecutable(bundled) ? bundled.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** (Re)starts the service: daemon-reload when its unit file changed, enable, restart. */
    public void restart(boolean unitFileChanged) throws IOException {
        if (unitFileChanged) {
            systemctl("daemon-reload");
        }
        systemctl("enable", unitName());
        systemctl("restart", unitName());
    }

    public boolean isActive() throws IOException {
        return context.commands().run(List.of("systemctl", "is-active", "--quiet", unitName())).succeeded();
    }

    /** Stops and disables the service and deletes its unit file. */
    public void remove() throws IOException {
        if (!Files.exists(unitFile())) {
            return;
        }
        context.commands().run(List.of("systemctl", "stop", unitName()));
        context.commands().run(List.of("systemctl", "disable", unitName()));
        Files.deleteIfExists(unitFile());
        systemctl("daemon-reload");
    }

    private void systemctl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("systemctl"));
        command.addAll(List.of(args));
        context.commands().runChecked(command);
    }
}
