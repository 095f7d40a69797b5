package githubrunner.charm.handlers;

import static githubrunner.charm.service.ManagerService.SERVICE_USER;

import githubrunner.charm.CharmContext;
import githubrunner.charm.UnitFiles;
import githubrunner.charm.config.CharmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Prepares the machine for runner managers: the system user they run as, their state and log
 * directories, the metrics log and log rotation. Idempotent: install and upgrade-charm both run it.
 */
final class HostSetup {
    /** useradd's exit code when the user already exists. */
    private static final int USER_EXISTS = 9;

    private HostSetup() {}

    static void prepare(CharmContext context) throws IOException {
        var result = context.commands().run(List.of("useradd", "--system", "--user-group", "--create-home",
                "--shell", "/usr/sbin/nologin", SERVICE_USER));
        if (!result.succeeded() && result.exitCode() != USER_EXISTS) {
            throw new IOException("useradd " + SERVICE_USER + " failed with exit code " + result.exitCode()
                    + ": " + result.output());
        }
        directory(context.host().resolve(UnitFiles.STATE_ROOT), "rwxr-xr-x");
        directory(context.host().resolve(UnitFiles.LOG_DIR), "rwxr-xr-x");
        context.commands().runChecked(List.of("chown", SERVICE_USER + ":" + SERVICE_USER,
                context.host().resolve(UnitFiles.LOG_DIR).toString()));

        // One JSON object per line, tailed by grafana-agent/otel-collector from /var/log/**/*log.
        Path metricsLog = context.host().resolve(CharmConfig.METRICS_LOG_PATH);
        Files.createDirectories(metricsLog.getParent());
        if (!Files.exists(metricsLog)) {
            Files.createFile(metricsLog, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        context.commands().runChecked(List.of("chown", SERVICE_USER + ":" + SERVICE_USER, metricsLog.toString()));

        Path logrotate = context.host().resolve("/etc/logrotate.d");
        Files.createDirectories(logrotate);
        Files.writeString(logrotate.resolve("github-runner-metrics"), """
                %s {
                    weekly
                    rotate 0
                    copytruncate
                    missingok
                    notifempty
                    create 0644 %s %s
                }
                """.formatted(CharmConfig.METRICS_LOG_PATH, SERVICE_USER, SERVICE_USER));
        Files.writeString(logrotate.resolve("github-runner-manager"), """
                %s/*.log {
                    daily
                    rotate 0
                    copytruncate
                    ifempty
                    nocreate
                }
                """.formatted(UnitFiles.LOG_DIR));
    }

    private static void directory(Path dir, String mode) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
}
