package githubrunner.charm;

import githubrunner.common.HostPaths;
import githubrunner.juju.JujuBackend;
import java.nio.file.Path;
import java.util.Map;

/** What every handler works with: the hook tools, the environment and the host. */
public record CharmContext(JujuBackend juju, Map<String, String> environment, UnitIdentity unit,
                           Path charmDir, HostPaths host, HostCommands commands) {

    public static CharmContext fromEnvironment(JujuBackend juju, Map<String, String> environment, HostCommands commands) {
        String charmDir = environment.getOrDefault("JUJU_CHARM_DIR", "");
        return new CharmContext(juju, environment, UnitIdentity.parse(environment.get("JUJU_UNIT_NAME")),
                Path.of(charmDir.isEmpty() ? "." : charmDir).toAbsolutePath(),
                HostPaths.fromEnvironment(environment), commands);
    }

    public UnitFiles files() {
        return new UnitFiles(host, unit);
    }
}
