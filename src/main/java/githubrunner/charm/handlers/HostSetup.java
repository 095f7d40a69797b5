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

        // One JSON object per line, tailed as root by grafana-agent/otel-collector from /var/log/**/*log.
        Path metricsLog = context.host().resolve(CharmConfig.METRICS_LOG_PATH);
        Files.createDirectories(metricsLog.getParent());
        if (!Files.exists(metricsLog)) {
            Files.createFile(metricsLog, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        context.commands().runChecked(List.of("chown", SERVICE_USER + ":" + SERVICE_USER, metricsLog.toString()));

        LogRotation.write(context.host(), SERVICE_USER);
    }

    private static void directory(Path dir, String mode) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
}
