package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.juju.JujuState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid option, through the real dispatch: Blocked with its exact reason, and exit 0
 * (a configuration problem is never a hook failure).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigValidationIT {
    Path work;
    JujuLocal juju;
    int imageRelation;

    @BeforeAll
    void installOnce() throws IOException {
        work = Files.createTempDirectory("config-validation-it");
        juju = PackedCharm.installedUnit(work);
    }

    @AfterAll
    void cleanUp() throws IOException {
        juju.stopServices();
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void resetToValidConfigWithImage() {
        Map<String, Object> reset = new HashMap<>();
        juju.state().config.keySet().forEach(key -> reset.put(key, null));
        juju.setConfig(reset);
        juju.setConfig(PackedCharm.validConfig());
        if (juju.state().relations.isEmpty()) {
            imageRelation = juju.addRelation("image", "image-builder");
            juju.setRemoteUnitData(imageRelation, "image-builder/0", Map.of("id", "img-1", "tags", "x64,jammy"));
        }
    }

    private JujuState.StatusEntry configChanged(Map<String, Object> change) {
        juju.setConfig(new LinkedHashMap<>(change));
        JujuLocal.HookRun run = juju.runHook("config-changed");
        assertEquals(0, run.exitCode(), "config problems must not fail the hook: " + run.stderr());
        return juju.state().status;
    }

    /** A valid configuration hands over to the manager, which reports for itself. */
    private static void assertNotBlocked(JujuState.StatusEntry status) {
        assertTrue(!status.status().equals("blocked"), status.toString());
    }

    @Test
    void emptyConfigIsBlockedOnTheMissingPath() {
        JujuState.StatusEntry status = configChanged(Map.of("path", ""));
        assertEquals("blocked", status.status());
        assertEquals("Invalid Github config, Missing path configuration", status.message());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "path|a/b/c|Invalid Github config, Invalid path configuration a/b/c",
        "token||Invalid Github config, Missing token, token-secret-id or GitHub App authentication configuration",
        "token-secret-id|secret:d1u2mbfs2qvh5sj5rdu0|Invalid Github config, GitHub token secret secret:d1u2mbfs2qvh5sj5rdu0 not found",
        "github-app-client-id|Iv23li|Invalid Github config, Configure either token or GitHub App authentication, not both",
        "github-api-url|http://github.example.com|Invalid github-api-url config, expected an https:// URL (http:// only for a loopback address)",
        "reconcile-interval|0|The reconcile-interval config must be between 1 and 1440, got 0",
        "reconcile-interval|1441|The reconcile-interval config must be between 1 and 1440, got 1441",
        "reconcile-interval|2147483648|The reconcile-interval config must be between 1 and 1440, got 2147483648",
        "reconcile-interval|4294967296|The reconcile-interval config must be between 1 and 1440, got 4294967296",
        "base-virtual-machines|4294967296|The base-virtual-machines config must be between 0 and 10000, got 4294967296",
        "max-total-virtual-machines|2147483648|The max-total-virtual-machines config must be between 0 and 10000, got 2147483648",
        "openstack-clouds-yaml|clouds: [|Invalid openstack-clouds-yaml config. Invalid yaml.",
        "labels|ok,not ok|Invalid labels config: Invalid labels not ok found.",
        "dockerhub-mirror|http://mirror.internal|Only secured registry supported for dockerhub-mirror configuration, the scheme should be https",
        "aproxy-exclude-addresses|10.0.0.1-|Invalid aproxy-exclude-addresses config, in '10.0.0.1-', missing end in range",
        "aproxy-redirect-ports|80-x|Invalid aproxy-redirect-ports config, in '80-x', not a number",
        "experimental-use-aproxy|true|Invalid proxy configuration: aproxy requires a runner proxy to be set",
        "virtual-machines|3|Invalid configuration. Both deprecated and new configuration are set for the number of machines to spawn.",
        "max-total-virtual-machines|1|max-total-virtual-machines (1) must be >= base-virtual-machines (2)",
        "openstack-flavor||OpenStack flavor not specified",
        "flavor-label-combinations|a:x,b:y|Several flavor-label combinations not yet implemented",
        "otel-collector-endpoint|collector|Invalid otel-collector-endpoint config, expected host:port",
        "runner-manager-log-level|LOUD|Invalid runner-manager-log-level config, expected one of CRITICAL, FATAL, ERROR, WARNING, INFO, DEBUG",
        "runner-http-proxy|socks5://proxy:1080|Invalid proxy configuration: runner-http-proxy must be a URL such as http://proxy.example.com:3128"})
    void invalidOptionIsBlockedWithItsReason(String option, String value, String message) {
        Map<String, Object> change = new HashMap<>();
        change.put(option, value == null ? "" : value);
        JujuState.StatusEntry status = configChanged(change);
        assertEquals("blocked", status.status());
        assertEquals(message, status.message());
        assertEquals(message, juju.state().statusHistory.get(juju.state().statusHistory.size() - 1).message());
    }

    static Stream<Arguments> edges() {
        String tenMegabytes = PackedCharm.CLOUDS_YAML + ("# " + "x".repeat(98) + "\n").repeat(100 * 1024);
        return Stream.of(
                Arguments.of("path", "canonical/test-repo\nactive", "Invalid path config: it holds a control character"
                        + " (U+000A at character 20); it must be one line of printable text"),
                Arguments.of("openstack-network", "net\u001b[2J", "Invalid openstack-network config: it holds a control"
                        + " character (U+001B at character 4); it must be one line of printable text"),
                Arguments.of("openstack-clouds-yaml", tenMegabytes, "Invalid openstack-clouds-yaml config: the text is "
                        + tenMegabytes.length() + " bytes, at most 65536 are accepted"),
                Arguments.of("pre-job-script", "#!/bin/sh\n" + "#".repeat(30_000), "Invalid pre-job-script config, the script"
                        + " is 30010 bytes; at most 24576 fit into the VM's user data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void edgeValueIsBlockedWithItsReason(String option, String value, String message) {
        JujuState.StatusEntry status = configChanged(Map.of(option, value));
        assertEquals("blocked", status.status());
        assertEquals(message, status.message());
    }

    @Test
    void aproxyWithProxyCredentialsIsRefusedWithTheReason() {
        JujuState.StatusEntry status = configChanged(Map.of("experimental-use-aproxy", true,
                "runner-http-proxy", "http://runner:s3cret@proxy.internal:3128"));
        assertEquals("blocked", status.status());
        assertEquals("Invalid proxy configuration: aproxy cannot authenticate to a proxy, but runner-http-proxy holds a"
                + " user name or password; allow the runners' addresses without authentication, or set"
                + " experimental-use-aproxy=false", status.message());
        for (JujuState.LogLine line : juju.state().logs) {
            assertFalse(line.message().contains("s3cret"), line.message());
        }
    }

    @Test
    void validConfigWithoutImageRelationAsksForIt() {
        juju.removeRelation(imageRelation);
        JujuState.StatusEntry status = configChanged(Map.of());
        assertEquals("blocked", status.status());
        assertEquals("Please provide image integration.", status.message());
    }

    @Test
    void imageRelationWithoutAnImageYetWaits() {
        juju.setRemoteUnitData(imageRelation, "image-builder/0", Map.of());
        JujuState.StatusEntry status = configChanged(Map.of());
        assertEquals("waiting", status.status());
        assertEquals("Waiting for image over integration.", status.message());
        juju.setRemoteUnitData(imageRelation, "image-builder/0", Map.of("id", "img-1", "tags", "x64,jammy"));
    }

    @Test
    void validConfigWritesOwnerOnlySettingsAndNoSecretInAnyLog() throws Exception {
        JujuState.StatusEntry status = configChanged(Map.of());
        assertNotBlocked(status);
        Path config = juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0/config.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())));
        String yaml = Files.readString(config);
        assertTrue(yaml.contains(PackedCharm.TOKEN) && yaml.contains(PackedCharm.OPENSTACK_PASSWORD),
                "the manager needs the credentials");
        assertTrue(Files.readString(juju.hostCommandLog()).contains("chown -R runner-manager:runner-manager"),
                "handed to the service user");
        CharmLifecycleIT.assertNoSecretOutsideTheManagerConfig(juju);
    }

    @Test
    void tokenFromAJujuSecretAndItsGrant() throws Exception {
        String secret = juju.addSecret(Map.of("github-token", "ghp_fromJujuSecret0123456789"));
        Map<String, Object> change = new HashMap<>();
        change.put("token", null);
        change.put("token-secret-id", secret);
        assertNotBlocked(configChanged(change));
        Path config = juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0/config.yaml");
        assertTrue(Files.readString(config).contains("ghp_fromJujuSecret0123456789"));

        juju.setSecretGranted(secret, false);
        JujuState.StatusEntry status = configChanged(Map.of());
        assertEquals("Invalid Github config, GitHub token secret " + secret
                + " is not granted to this application (juju grant-secret)", status.message());
        for (JujuState.LogLine line : juju.state().logs) {
            assertFalse(line.message().contains("ghp_fromJujuSecret0123456789"), line.message());
        }
    }

    @Test
    void modelProxyReachesTheRunnerSettings() throws Exception {
        juju.setModelEnvironment("JUJU_CHARM_HTTP_PROXY", "http://squid.internal:3128");
        try {
            assertNotBlocked(configChanged(Map.of("experimental-use-aproxy", true)));
            String yaml = Files.readString(juju.rootDir().resolve("var/lib/github-runner-manager/github-runner-0/config.yaml"));
            assertTrue(yaml.contains("use-aproxy: true"), yaml);
            assertTrue(yaml.contains("http: http://squid.internal:3128"), yaml);
        } finally {
            juju.setModelEnvironment("JUJU_CHARM_HTTP_PROXY", null);
        }
    }
}
