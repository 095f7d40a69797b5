package githubrunner.charm;

import githubrunner.sim.juju.JujuLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The .charm built by this module's package phase, and a unit set up from it in the emulator. */
final class PackedCharm {
    static final String TOKEN = "ghp_integrationTestToken0123456789abcdef";
    static final String OPENSTACK_PASSWORD = "os-Pa55w0rd-integration";
    static final String CLOUDS_YAML = """
            clouds:
              test:
                auth:
                  auth_url: https://keystone.example.com:5000/v3
                  username: runner
                  password: %s
                  project_name: runners
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
            """.formatted(OPENSTACK_PASSWORD);

    private PackedCharm() {}

    static Path file() {
        Path charm = Path.of(System.getProperty("charm.file", "target/github-runner.charm"));
        if (!Files.isRegularFile(charm)) {
            throw new IllegalStateException(charm + " missing: integration tests run after ./mvnw package");
        }
        return charm;
    }

    /** A new unit from the packed charm, installed, with recording stand-ins for host commands. */
    static JujuLocal installedUnit(Path workDir) throws IOException {
        JujuLocal juju = JujuLocal.create(workDir, file(), "github-runner/0", true);
        JujuLocal.HookRun install = juju.runHook("install");
        if (!install.succeeded()) {
            throw new IllegalStateException("install failed: " + install.stderr());
        }
        return juju;
    }

    /** A configuration that validates, except for the image integration. */
    static Map<String, Object> validConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", "canonical/test-repo");
        config.put("token", TOKEN);
        config.put("openstack-clouds-yaml", CLOUDS_YAML);
        config.put("openstack-flavor", "m1.small");
        config.put("openstack-network", "runners-net");
        config.put("base-virtual-machines", 2);
        return config;
    }

    static Map<String, Map<String, String>> imageBuilder(String id) {
        return Map.of("image-builder/0", Map.of("id", id, "tags", "x64,jammy"));
    }
}
