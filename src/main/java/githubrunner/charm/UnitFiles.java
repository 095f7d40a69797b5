package githubrunner.charm;

import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.common.HostPaths;
import githubrunner.common.SecureFiles;
import githubrunner.juju.UnitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Files the charm keeps for its unit under /var/lib/github-runner-manager/&lt;app&gt;-&lt;n&gt;/. */
public final class UnitFiles {
    public static final String STATE_ROOT = "/var/lib/github-runner-manager";
    public static final String LOG_DIR = "/var/log/github-runner-manager";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The outcome of the last configuration, which update-status keeps showing. */
    public Path configStatus() {
        return stateDirectory().resolve("charm-status.json");
    }

    public void writeConfigStatus(UnitStatus status) throws IOException {
        SecureFiles.writeOwnerOnly(configStatus(), JSON.writeValueAsString(
                Map.of("status", status.kind().jujuName(), "message", status.message())));
    }

    /** The last configuration outcome, or null before the first config-changed. */
    public UnitStatus readConfigStatus() throws IOException {
        Path file = configStatus();
        if (!Files.exists(file)) {
            return null;
        }
        var node = JSON.readTree(file.toFile());
        return new UnitStatus(UnitStatus.Kind.fromJujuName(node.path("status").asText("unknown")),
                node.path("message").asText(""));
    }
}
