package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real {@code openstack} CLI (python3-openstackclient: keystoneauth and openstacksdk
 * version discovery, then the API calls) against the emulator, unpatched, configured by a
 * clouds.yaml only. tests/openstack/up installs the CLI; without it the test is skipped, unless
 * {@code -Dreal.openstack.required=true}.
 */
class OpenStackCliAgainstEmulatorIT {
    private static final Path CLI = Path.of("/usr/bin/openstack");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static OpenStackEmulator sim;
    static Path cloudsYaml;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CLI)) {
            if (Boolean.getBoolean("real.openstack.required")) {
                fail(CLI + " is missing (tests/openstack/up installs python3-openstackclient)");
            }
            Assumptions.abort(CLI + " is not installed (tests/openstack/up installs python3-openstackclient)");
        }
        sim = OpenStackEmulator.builder().buildDelay(Duration.ZERO).keyBits(1024).start();
        sim.addServer("cli-runner-0-0123456789ab", Map.of("platform_name", "github"), Instant.now(), "ACTIVE");
        sim.addKeypair("cli-runner-0-0123456789ab", Instant.now());
        cloudsYaml = dir.resolve("clouds.yaml");
        Files.createFile(cloudsYaml, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(cloudsYaml, sim.cloudsYaml("emulated", "emulated-password"));
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** Runs {@code openstack --os-cloud emulated <command> -f json}; the password stays in the file. */
    private static JsonNode openstack(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLI.toString(), "--os-cloud", "emulated"));
        argv.addAll(List.of(command));
        argv.addAll(List.of("-f", "json"));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(false);
        builder.environment().put("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString());
        builder.environment().put("HOME", dir.toString()); // no cache or config of the machine's user
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openstack " + String.join(" ", command) + " did not finish");
        }
        assertEquals(0, process.exitValue(), "openstack " + String.join(" ", command) + ": " + err);
        assertTrue(err.isBlank(), "no warnings (e.g. a failed version discovery): " + err);
        return JSON.readTree(out);
    }

    @Test
    void serverList() throws Exception {
        JsonNode servers = openstack("server", "list");
        assertEquals(1, servers.size(), servers.toString());
        assertEquals("cli-runner-0-0123456789ab", servers.get(0).path("Name").asText());
        assertEquals("ACTIVE", servers.get(0).path("Status").asText());
    }

    @Test
    void keypairList() throws Exception {
        JsonNode keypairs = openstack("keypair", "list");
        assertEquals("cli-runner-0-0123456789ab", keypairs.get(0).path("Name").asText(), keypairs.toString());
    }

    @Test
    void imageList() throws Exception {
        JsonNode images = openstack("image", "list");
        assertEquals(sim.images().get(0).id(), images.get(0).path("ID").asText(), images.toString());
    }
}
