package githubrunner.charm;

import githubrunner.common.HostPaths;
import githubrunner.common.SecureFiles;
import githubrunner.juju.UnitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the charm keeps for its unit under /var/lib/github-runner-manager/&lt;app&gt;-&lt;n&gt;/. */
public final class UnitFiles {
    public static final String STATE_ROOT = "/var/lib/github-runner-manager";
    public static final String LOG_DIR = "/var/log/github-runner-manager";

    private final HostPaths host;
    private final UnitIdentity unit;

    public UnitFiles(HostPaths host, UnitIdentity unit) {
        this.host = host;
        this.unit = unit;
    }

    public Path stateDirectory() {
        return host.resolve(STATE_ROOT + "/" + unit.prefix());
    }

    /** The manager's config: credentials inside, mode 0600. */
    public Path managerConfig() {
        return stateDirectory().resolve("config.yaml");
    }

    /** The manager's HTTP port on 127.0.0.1, persisted at first configuration. */
    public Path httpPort() {
        return stateDirectory().resolve("http_port");
    }

    /** The manager API's bearer token (see {@link ApiToken}), mode 0600. */
    public Path apiToken() {
        return stateDirectory().resolve("api-token");
    }

    /** The manager's own log (stdout and stderr of its service). */
    public Path managerLog() {
        return host.resolve(LOG_DIR + "/" + unit.prefix() + ".log");
    }

    /** The outcome of the last configuration, which update-status keeps showing. */
    public Path configStatus() {
        return stateDirectory().resolve("charm-status");
    }

    /** Stored as "status\nmessage": update-status reads it on every run, so no JSON parser is needed. */
    public void writeConfigStatus(UnitStatus status) throws IOException {
        SecureFiles.writeOwnerOnly(configStatus(), status.kind().jujuName() + "\n" + status.message());
    }

    /** The last configuration outcome, or null before the first config-changed. */
    public UnitStatus readConfigStatus() throws IOException {
        Path file = configStatus();
        if (!Files.exists(file)) {
            return null;
        }
        String[] lines = Files.readString(file).split("\n", 2);
        return new UnitStatus(UnitStatus.Kind.fromJujuName(lines[0]), lines.length > 1 ? lines[1] : "");
    }
}
