package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.sim.juju.ZipModes;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The .charm as Juju reads it: layout, Unix modes inside the zip, manifest and metadata. */
class CharmArchiveIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void holdsWhatJujuNeedsWithExecutableDispatch() throws Exception {
        Map<String, Integer> modes = ZipModes.read(PackedCharm.file());
        for (String entry : List.of("manifest.yaml", "metadata.yaml", "config.yaml", "actions.yaml", "dispatch",
                "hooks/install", "hooks/config-changed", "hooks/image-relation-changed", "lib/github-runner.jar")) {
            assertTrue(modes.containsKey(entry), entry + " missing from the charm");
        }
        assertEquals(0755, modes.get("dispatch") & 0777, "Juju does not fix dispatch's mode: the zip must carry 0755");
        assertEquals(0755, modes.get("hooks/install") & 0777);
        assertEquals(0644, modes.get("metadata.yaml") & 0777);
        assertEquals(0100000, modes.get("hooks/install") & 0170000, "hooks are regular files, not symlinks");
    }

    @Test
    void manifestNamesTheBasesAndMetadataTheRelations() throws Exception {
        try (ZipFile zip = new ZipFile(PackedCharm.file().toFile())) {
            JsonNode manifest = YAML.readTree(zip.getInputStream(zip.getEntry("manifest.yaml")));
            assertEquals(2, manifest.path("bases").size());
            assertEquals("22.04", manifest.path("bases").get(0).path("channel").asText());
            assertEquals("24.04", manifest.path("bases").get(1).path("channel").asText());
            assertTrue(manifest.path("bases").get(0).path("architectures").size() >= 1);

            JsonNode metadata = YAML.readTree(zip.getInputStream(zip.getEntry("metadata.yaml")));
            assertEquals("github-runner", metadata.path("name").asText());
            assertEquals("mongodb_client", metadata.path("requires").path("mongodb").path("interface").asText());
            assertEquals(1, metadata.path("requires").path("mongodb").path("limit").asInt());
            assertEquals("github_runner_image_v0", metadata.path("requires").path("image").path("interface").asText());
            assertEquals("debug-ssh", metadata.path("requires").path("debug-ssh").path("interface").asText());
            assertEquals("cos_agent", metadata.path("provides").path("cos-agent").path("interface").asText());

            JsonNode actions = YAML.readTree(zip.getInputStream(zip.getEntry("actions.yaml")));
            assertEquals("boolean", actions.path("flush-runners").path("params").path("flush-busy").path("type").asText());
            assertTrue(actions.has("check-runners"));
        }
    }

    @Test
    void configKeepsThePythonCharmsOptions() throws Exception {
        try (ZipFile zip = new ZipFile(PackedCharm.file().toFile())) {
            JsonNode options = YAML.readTree(zip.getInputStream(zip.getEntry("config.yaml"))).path("options");
            Map<String, String> expectedTypes = Map.ofEntries(
                    Map.entry("path", "string"), Map.entry("group", "string"), Map.entry("token", "string"),
                    Map.entry("token-secret-id", "string"), Map.entry("github-app-client-id", "string"),
                    Map.entry("github-app-installation-id", "int"), Map.entry("github-app-private-key-secret-id", "string"),
                    Map.entry("openstack-clouds-yaml", "string"), Map.entry("openstack-clouds-yaml-secret-id", "string"),
                    Map.entry("openstack-flavor", "string"), Map.entry("flavor-label-combinations", "string"),
                    Map.entry("openstack-network", "string"), Map.entry("labels", "string"),
                    Map.entry("virtual-machines", "int"), Map.entry("base-virtual-machines", "int"),
                    Map.entry("max-total-virtual-machines", "int"), Map.entry("reconcile-interval", "int"),
                    Map.entry("dockerhub-mirror", "string"), Map.entry("experimental-use-aproxy", "boolean"),
                    Map.entry("aproxy-exclude-addresses", "string"), Map.entry("aproxy-redirect-ports", "string"),
                    Map.entry("runner-http-proxy", "string"), Map.entry("use-runner-proxy-for-tmate", "boolean"),
                    Map.entry("manager-ssh-proxy-command", "string"), Map.entry("pre-job-script", "string"),
                    Map.entry("allow-external-contributor", "boolean"), Map.entry("runner-manager-log-level", "string"),
                    Map.entry("otel-collector-endpoint", "string"));
            expectedTypes.forEach((option, type) -> {
                assertTrue(options.has(option), option);
                assertEquals(type, options.path(option).path("type").asText(), option);
                assertTrue(options.path(option).path("description").asText().length() > 20, option + " needs a description");
            });
            assertEquals(5, options.path("reconcile-interval").path("default").asInt());
            assertEquals("default", options.path("group").path("default").asText());
            assertTrue(options.path("allow-external-contributor").path("default").asBoolean());
            assertEquals("80, 443", options.path("aproxy-redirect-ports").path("default").asText());
            assertEquals("10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16", options.path("aproxy-exclude-addresses").path("default").asText());
            assertEquals("INFO", options.path("runner-manager-log-level").path("default").asText());
        }
    }
}
