package githubrunner.charm.handlers;

import githubrunner.charm.UnitFiles;
import githubrunner.charm.config.CharmConfig;
import githubrunner.common.HostPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * /etc/logrotate.d/github-runner: the metrics event log (weekly, as the Python charm: the
 * collector has shipped it to Loki by then) and every log under /var/log/github-runner-manager
 * (the managers' and the webhook router's: daily, a week kept). The reactive consumers' log is in
 * {@code consumers/} below it, out of this glob: the manager rotates it by size itself, and a
 * copytruncate under that rotation would lose lines.
 * copytruncate, because the writers keep their files open. Written at install and upgrade-charm;
 * the old per-file configs of earlier versions are removed.
 */
final class LogRotation {
    static final String FILE = "/etc/logrotate.d/github-runner";
    private static final String[] OLD_FILES = {"/etc/logrotate.d/github-runner-metrics", "/etc/logrotate.d/github-runner-manager"};

    private LogRotation() {}

    static String config(String owner) {
        return """
                # Written by the github-runner charm.
                %s {
                    weekly
                    rotate 0
                    copytruncate
                    missingok
                    notifempty
                    create 0640 %s %s
                }

                %s/*.log {
                    daily
                    rotate 7
                    compress
                    delaycompress
                    copytruncate
                    missingok
                    notifempty
                }
                """.formatted(CharmConfig.METRICS_LOG_PATH, owner, owner, UnitFiles.LOG_DIR);
    }

    static void write(HostPaths host, String owner) throws IOException {
        Path file = host.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, config(owner));
        for (String old : OLD_FILES) {
            Files.deleteIfExists(host.resolve(old));
        }
    }
}
