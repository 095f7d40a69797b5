package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.charm.UnitIdentity;
import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import githubrunner.contract.ManagerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharmConfigTest {
    static final String CLOUDS_YAML = """
            clouds:
              first:
                auth:
                  auth_url: https://keystone.example.com:5000/v3
                  username: runner
                  password: pa55word
                  project_name: runners
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
            """;

    FakeJujuBackend juju;
    Map<String, String> environment;

    @BeforeEach
    void validConfigWithImage() {
        juju = validUnit();
        environment = new HashMap<>();
    }

    /** A unit whose configuration validates, with an image. */
    static FakeJujuBackend validUnit() {
        FakeJujuBackend juju = new FakeJujuBackend();
        juju.config.putAll(Map.of("path", "canonical/repo", "group", "default", "token", "ghp_token",
                "openstack-clouds-yaml", CLOUDS_YAML, "openstack-flavor", "m1.small", "labels", "",
                "reconcile-interval", 5, "virtual-machines", 0, "base-virtual-machines", 1,
                "max-total-virtual-machines", 0));
        juju.config.putAll(Map.of("aproxy-exclude-addresses", "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16",
                "aproxy-redirect-ports", "80, 443", "experimental-use-aproxy", false,
                "allow-external-contributor", true, "runner-manager-log-level", "INFO"));
        juju.addRelation("image:1", "image").units.put("image-builder/0",
                new HashMap<>(Map.of("id", "img-1", "tags", "x64, jammy", "private-address", "10.0.0.2")));
        return juju;
    }

    CharmConfig.Loaded load() throws ConfigException {
        return new CharmConfig(juju, environment, UnitIdentity.parse("github-runner/0")).load();
    }

    UnitStatus failure() {
        return assertThrows(ConfigException.class, this::load).status();
    }

    void assertBlocked(String message) {
        assertEquals(UnitStatus.blocked(message), failure());
    }

    @Test
    void validConfigBecomesTheManagerConfig() throws Exception {
        juju.config.put("labels", "large, gpu,large");
        juju.config.put("flavor-label-combinations", "m1.large:large");
        ManagerConfig config = load().managerConfig();
        assertEquals("github-runner-0", config.prefix());
        assertEquals("github-runner", config.application());
        assertEquals(ManagerConfig.GitHubPath.repository("canonical", "repo"), config.github().path());
        assertEquals("https://api.github.com", config.github().apiUrl());
        assertEquals("ghp_token", config.github().auth().token().reveal());
        assertEquals("m1.large", config.openstack().flavor());
        assertEquals("https://keystone.example.com:5000/v3", config.openstack().authUrl());
        assertEquals("RegionOne", config.openstack().regionName());
        assertEquals("img-1", config.runners().imageId());
        assertEquals(List.of("large", "gpu", "x64", "jammy"), config.runners().labels());
        assertEquals(1, config.runners().baseVirtualMachines());
        assertEquals(5, config.reconcileIntervalMinutes());
        assertEquals(List.of("80", "443"), config.vm().aproxyRedirectPorts());
        assertFalse(config.vm().useAproxy());
        assertTrue(config.vm().allowExternalContributor());
        assertFalse(config.toString().contains("ghp_token"), "secrets must not appear in toString");
        assertFalse(config.toString().contains("pa55word"));
    }

    // --- path and authentication ----------------------------------------------------------

    @Test
    void emptyConfigIsBlockedOnTheMissingPath() {
        juju.config.clear();
        assertBlocked("Invalid Github config, Missing path configuration");
    }

    @ParameterizedTest
    @CsvSource({"a/b/c", "owner/", "/repo", "org name", "own?er/repo", "../x"})
    void invalidPaths(String path) {
        juju.config.put("path", path);
        assertBlocked("Invalid Github config, Invalid path configuration " + path);
    }

    @Test
    void organisationPathUsesTheGroup() throws Exception {
        juju.config.put("path", "canonical");
        juju.config.put("group", "ci runners");
        assertEquals(ManagerConfig.GitHubPath.organisation("canonical", "ci runners"), load().managerConfig().github().path());
    }

    @Test
    void trailingSlashStillNamesARepository() throws Exception {
        juju.config.put("path", "canonical/repo/");
        assertEquals(ManagerConfig.GitHubPath.repository("canonical", "repo"), load().managerConfig().github().path());
    }

    @Test
    void missingCredentials() {
        juju.config.remove("token");
        assertBlocked("Invalid Github config, Missing token, token-secret-id or GitHub App authentication configuration");
    }

    @Test
    void tokenSecretTakesPrecedenceAndIsTrimmed() throws Exception {
        juju.secrets.put("secret:tok", Map.of("github-token", "ghp_fromsecret\n"));
        juju.config.put("token-secret-id", "secret:tok");
        juju.config.remove("token");
        assertEquals("ghp_fromsecret", load().managerConfig().github().auth().token().reveal());
    }

    @Test
    void tokenSecretErrors() {
        juju.config.remove("token");
        juju.config.put("token-secret-id", "secret:missing");
        assertBlocked("Invalid Github config, GitHub token secret secret:missing not found");
        juju.secrets.put("secret:missing", Map.of("other", "x"));
        assertBlocked("Invalid Github config, GitHub token secret secret:missing is missing github-token");
        juju.ungrantedSecrets.add("secret:missing");
        assertBlocked("Invalid Github config, GitHub token secret secret:missing is not granted to this application "
                + "(juju grant-secret)");
    }

    @Test
    void tokenWithInnerWhitespaceIsRefused() {
        juju.config.put("token", "ghp_a b");
        assertBlocked("Invalid Github config, token is not a valid token (empty, or contains whitespace)");
    }

    @Test
    void githubAppAuthentication() throws Exception {
        juju.config.remove("token");
        juju.secrets.put("secret:key", Map.of("private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"));
        juju.config.put("github-app-client-id", "Iv23liABC");
        juju.config.put("github-app-installation-id", 42);
        juju.config.put("github-app-private-key-secret-id", "secret:key");
        ManagerConfig.GitHubAuth auth = load().managerConfig().github().auth();
        assertTrue(auth.isApp());
        assertEquals("Iv23liABC", auth.appClientId());
        assertEquals(42L, auth.appInstallationId());
        assertTrue(auth.appPrivateKey().reveal().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertNull(auth.token());
    }

    @Test
    void githubAppNeedsAllThreeOptions() {
        juju.config.remove("token");
        juju.config.put("github-app-client-id", "Iv23liABC");
        assertBlocked("Invalid Github config, GitHub App authentication requires github-app-client-id, "
                + "github-app-installation-id and github-app-private-key-secret-id");
    }

    @Test
    void tokenAndAppTogetherAreRefused() {
        juju.config.put("github-app-installation-id", 42);
        assertBlocked("Invalid Github config, Configure either token or GitHub App authentication, not both");
    }

    @Test
    void appKeyMustBePem() {
        juju.config.remove("token");
        juju.secrets.put("secret:key", Map.of("private-key", "not a key"));
        juju.config.put("github-app-client-id", "Iv23liABC");
        juju.config.put("github-app-installation-id", 42);
        juju.config.put("github-app-private-key-secret-id", "secret:key");
        assertBlocked("Invalid Github config, GitHub App private key secret secret:key does not hold a PEM private key");
    }

    @ParameterizedTest
    @CsvSource({"http://github.example.com/api/v3", "ftp://x", "https://user:pw@github.example.com", "not a url"})
    void apiUrlMustBeHttpsOrLoopback(String url) {
        juju.config.put("github-api-url", url);
        assertBlocked("Invalid github-api-url config, expected an https:// URL (http:// only for a loopback address)");
    }

    @Test
    void apiUrlAcceptsEnterpriseAndLoopback() throws Exception {
        juju.config.put("github-api-url", "https://github.example.com/api/v3/");
        assertEquals("https://github.example.com/api/v3", load().managerConfig().github().apiUrl());
        juju.config.put("github-api-url", "http://127.0.0.1:8081");
        assertEquals("http://127.0.0.1:8081", load().managerConfig().github().apiUrl());
    }

    // --- numbers ----------------------------------------------------------------------------------

    @Test
    void reconcileInterval() {
        juju.config.put("reconcile-interval", 0);
        assertBlocked("The reconcile-interval config must be between 1 and 1440, got 0");
        juju.config.put("reconcile-interval", 1.5);
        assertBlocked("The reconcile-interval config must be int");
    }

    @Test
    void deprecatedVirtualMachinesSetsBothCounts() throws Exception {
        juju.config.put("base-virtual-machines", 0);
        juju.config.put("virtual-machines", 3);
        ManagerConfig.Runners runners = load().managerConfig().runners();
        assertEquals(3, runners.baseVirtualMachines());
        assertEquals(3, runners.maxTotalVirtualMachines());
    }

    @Test
    void deprecatedAndNewCountsTogetherAreRefused() {
        juju.config.put("virtual-machines", 3);
        assertBlocked("Invalid configuration. Both deprecated and new configuration are set for the number of machines to spawn.");
    }

    @Test
    void maxMustNotBeBelowBase() throws Exception {
        juju.config.put("base-virtual-machines", 3);
        juju.config.put("max-total-virtual-machines", 2);
        assertBlocked("max-total-virtual-machines (2) must be >= base-virtual-machines (3)");
        juju.config.put("max-total-virtual-machines", 0);
        assertEquals(0, load().managerConfig().runners().maxTotalVirtualMachines(), "0 means no cap");
    }

    @Test
    void negativeCountsAreRefused() {
        juju.config.put("base-virtual-machines", -1);
        assertBlocked("The base-virtual-machines config must be between 0 and 10000, got -1");
    }

    // --- flavor and labels -----------------------------------------------------------------------

    @Test
    void flavorIsRequired() {
        juju.config.remove("openstack-flavor");
        assertBlocked("OpenStack flavor not specified");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a:x,b:y|Several flavor-label combinations not yet implemented",
        ":large|Invalid empty flavor in flavor-label configuration",
        "m1:|Invalid empty label in flavor-label configuration",
        "m1|Invalid flavor-label configuration",
        "m1:a:b|Invalid flavor-label configuration",
        "m1:a b|Invalid flavor-label configuration: label 'a b' may only contain letters, digits, '_' and '-'"})
    void flavorLabelCombinations(String value, String message) {
        juju.config.put("flavor-label-combinations", value);
        assertBlocked(message);
    }

    @Test
    void invalidLabelsAreListed() {
        juju.config.put("labels", "ok, has space,quote\",fine_1");
        assertBlocked("Invalid labels config: Invalid labels has space,quote\" found.");
    }

    @Test
    void unicodeWordLabelsPassAsInPython() throws Exception {
        juju.config.put("labels", "über,x-1");
        assertTrue(load().managerConfig().runners().labels().containsAll(List.of("über", "x-1")));
    }

    // --- clouds.yaml ----------------------------------------------------------------------------

    @Test
    void cloudsYamlIsRequired() {
        juju.config.remove("openstack-clouds-yaml");
        assertBlocked("Missing OpenStack clouds configuration; set either openstack-clouds-yaml or "
                + "openstack-clouds-yaml-secret-id.");
    }

    @Test
    void unparsableCloudsYaml() {
        juju.config.put("openstack-clouds-yaml", "clouds: [unclosed");
        assertBlocked("Invalid openstack-clouds-yaml config. Invalid yaml.");
        juju.config.put("openstack-clouds-yaml", "- a\n- b\n");
        assertBlocked("Invalid openstack-clouds-yaml config. Invalid yaml. Expected a \"clouds:\" map with at least one cloud.");
    }

    @Test
    void cloudsYamlShape() {
        juju.config.put("openstack-clouds-yaml", CLOUDS_YAML.replace("      password: pa55word\n", ""));
        assertBlocked("Invalid openstack-clouds-yaml config. Cloud 'first' is missing auth.password.");
        juju.config.put("openstack-clouds-yaml", CLOUDS_YAML.replace("    region_name: RegionOne\n", ""));
        assertBlocked("Invalid openstack-clouds-yaml config. Cloud 'first' is missing region_name.");
        juju.config.put("openstack-clouds-yaml", CLOUDS_YAML.replace("https://keystone.example.com:5000/v3", "keystone"));
        assertBlocked("Invalid openstack-clouds-yaml config. Cloud 'first' has an invalid auth.auth_url (expected http(s)://...).");
    }

    @Test
    void onlyTheFirstCloudIsUsed() throws Exception {
        juju.config.put("openstack-clouds-yaml", CLOUDS_YAML + CLOUDS_YAML.substring("clouds:\n".length())
                .replace("first", "second").replace("runners", "other"));
        assertEquals("runners", load().managerConfig().openstack().projectName());
    }

    @Test
    void cloudsYamlSecretTakesPrecedence() throws Exception {
        juju.secrets.put("secret:os", Map.of("clouds-yaml", CLOUDS_YAML.replace("runners", "from-secret")));
        juju.config.put("openstack-clouds-yaml-secret-id", "secret:os");
        assertEquals("from-secret", load().managerConfig().openstack().projectName());
        juju.secrets.put("secret:os", Map.of("clouds-yaml", "clouds: ["));
        assertBlocked("Invalid openstack-clouds-yaml-secret-id config. Invalid yaml.");
        juju.secrets.remove("secret:os");
        assertBlocked("OpenStack clouds secret secret:os not found");
    }

    @Test
    void imageRelationGetsTheCloudAuthMap() throws Exception {
        var auth = new CharmConfig(juju, environment, UnitIdentity.parse("github-runner/0")).cloudAuth().relationData();
        assertEquals(Map.of("auth_url", "https://keystone.example.com:5000/v3", "username", "runner",
                "password", "pa55word", "project_name", "runners", "user_domain_name", "Default",
                "project_domain_name", "Default"), auth);
    }

    // --- VM options -------------------------------------------------------------------------------

    @Test
    void dockerhubMirror() throws Exception {
        juju.config.put("dockerhub-mirror", "http://mirror.example.com");
        assertBlocked("Only secured registry supported for dockerhub-mirror configuration, the scheme should be https");
        juju.config.put("dockerhub-mirror", "https://mirror.example.com/x';rm -rf");
        assertBlocked("Invalid dockerhub-mirror config, expected a URL such as https://mirror.example.com:5000");
        juju.config.put("dockerhub-mirror", "https://mirror.example.com:5000");
        assertEquals("https://mirror.example.com:5000", load().managerConfig().vm().dockerhubMirror());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1-|Invalid aproxy-exclude-addresses config, in '10.0.0.1-', missing end in range",
        "-10.0.0.1|Invalid aproxy-exclude-addresses config, in '-10.0.0.1', missing start in range",
        "10.0.0.1-foo|Invalid aproxy-exclude-addresses config, in '10.0.0.1-foo', not an IP address",
        "10.0.0.0/33|Invalid aproxy-exclude-addresses config, in '10.0.0.0/33', not an IP address",
        "example.com|Invalid aproxy-exclude-addresses config, in 'example.com', not an IP address"})
    void aproxyExcludeAddresses(String value, String message) {
        juju.config.put("aproxy-exclude-addresses", value);
        assertBlocked(message);
    }

    @Test
    void aproxyExcludeAddressesAcceptRangesCidrsAndIpv6() throws Exception {
        juju.config.put("aproxy-exclude-addresses", "10.1.2.3, 10.0.0.1-10.0.0.9, 10.0.0.5/8, fd00::/8");
        assertEquals(List.of("10.1.2.3", "10.0.0.1-10.0.0.9", "10.0.0.5/8", "fd00::/8"),
                load().managerConfig().vm().aproxyExcludeAddresses());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "80-|Invalid aproxy-redirect-ports config, in '80-', missing end in range",
        "-80|Invalid aproxy-redirect-ports config, in '-80', missing start in range",
        "a-80|Invalid aproxy-redirect-ports config, in 'a-80', not a number",
        "1-70000|Invalid aproxy-redirect-ports config, in '1-70000', invalid port number",
        "443-80|Invalid aproxy-redirect-ports config, in '443-80', start is greater than end",
        "http|Invalid aproxy-redirect-ports config, in 'http', port is not a number or invalid port number",
        "65536|Invalid aproxy-redirect-ports config, in '65536', port is not a number or invalid port number"})
    void aproxyRedirectPorts(String value, String message) {
        juju.config.put("aproxy-redirect-ports", value);
        assertBlocked(message);
    }

    @Test
    void aproxyNeedsARunnerProxy() throws Exception {
        juju.config.put("experimental-use-aproxy", true);
        assertBlocked("Invalid proxy configuration: aproxy requires a runner proxy to be set");
        environment.put("JUJU_CHARM_HTTP_PROXY", "http://squid.internal:3128");
        ManagerConfig config = load().managerConfig();
        assertTrue(config.vm().useAproxy());
        assertEquals("http://squid.internal:3128", config.vm().runnerProxy().http());
        assertEquals("http://squid.internal:3128", config.managerProxy().http());
    }

    @Test
    void runnerProxyOverridesTheModelProxyForRunnersOnly() throws Exception {
        environment.put("JUJU_CHARM_HTTP_PROXY", "http://model:3128");
        environment.put("JUJU_CHARM_NO_PROXY", "127.0.0.1,localhost");
        juju.config.put("runner-http-proxy", "http://runner-proxy:8080");
        ManagerConfig config = load().managerConfig();
        assertEquals("http://runner-proxy:8080", config.vm().runnerProxy().http());
        assertEquals("http://model:3128", config.managerProxy().http());
        assertEquals("127.0.0.1,localhost", config.managerProxy().noProxy());
    }

    @Test
    void noProxyAloneIsDropped() throws Exception {
        environment.put("JUJU_CHARM_NO_PROXY", "localhost");
        assertNull(load().managerConfig().managerProxy().noProxy());
    }

    @Test
    void proxyUrlsAreValidatedWithoutEchoingThem() {
        juju.config.put("runner-http-proxy", "http://user:pw@proxy;rm -rf /");
        UnitStatus status = failure();
        assertEquals("Invalid proxy configuration: runner-http-proxy must be a URL such as http://proxy.example.com:3128",
                status.message());
        assertFalse(status.message().contains("pw"));
    }

    @ParameterizedTest
    @CsvSource({"collector", "collector:", ":4317", "collector:99999", "col lector:4317"})
    void otelEndpointMustBeHostPort(String value) {
        juju.config.put("otel-collector-endpoint", value);
        assertBlocked("Invalid otel-collector-endpoint config, expected host:port");
    }

    @Test
    void otelEndpointAccepted() throws Exception {
        juju.config.put("otel-collector-endpoint", "otel.internal:4317");
        assertEquals("otel.internal:4317", load().managerConfig().vm().otelCollectorEndpoint());
        juju.config.put("otel-collector-endpoint", "[fd00::1]:4317");
        assertEquals("[fd00::1]:4317", load().managerConfig().vm().otelCollectorEndpoint());
    }

    @Test
    void logLevel() throws Exception {
        juju.config.put("runner-manager-log-level", "verbose");
        assertBlocked("Invalid runner-manager-log-level config, expected one of CRITICAL, FATAL, ERROR, WARNING, INFO, DEBUG");
        juju.config.put("runner-manager-log-level", "debug");
        assertEquals("DEBUG", load().managerConfig().logLevel());
    }

    @Test
    void oversizedPreJobScriptIsRefused() {
        juju.config.put("pre-job-script", "#!/bin/sh\n" + "echo x\n".repeat(6000));
        assertBlocked("Invalid pre-job-script config, the script is 42010 bytes; at most 24576 fit into the VM's user data");
    }

    // --- relations ---------------------------------------------------------------------------------

    @Test
    void noImageRelationIsBlocked() {
        juju.relations.clear();
        assertBlocked("Please provide image integration.");
    }

    @Test
    void imageRelationWithoutUnitsIsBlocked() {
        juju.relations.get("image:1").units.clear();
        assertBlocked("Please provide image integration.");
    }

    @Test
    void imageNotReadyIsWaiting() {
        juju.relations.get("image:1").units.put("image-builder/0", new HashMap<>(Map.of("private-address", "10.0.0.2")));
        assertEquals(UnitStatus.waiting("Waiting for image over integration."), failure());
        juju.relations.get("image:1").units.put("image-builder/0", new HashMap<>(Map.of("tags", "x64")));
        assertEquals(UnitStatus.waiting("Waiting for image over integration."), failure());
    }

    @Test
    void hostileImageDataIsRefused() {
        juju.relations.get("image:1").units.put("image-builder/0", new HashMap<>(Map.of("id", "x; rm -rf /")));
        assertBlocked("Invalid image id from the image integration (image-builder/0)");
        juju.relations.get("image:1").units.put("image-builder/0", new HashMap<>(Map.of("id", "ok", "tags", "x64,$(id)")));
        assertBlocked("Invalid image tag '$(id)' from the image integration (image-builder/0)");
    }

    @Test
    void configErrorsComeBeforeImageProblems() {
        juju.relations.clear();
        juju.config.put("labels", "bad label");
        assertBlocked("Invalid labels config: Invalid labels bad label found.");
    }

    @Test
    void tmateServersFromDebugSsh() throws Exception {
        String fingerprint = "SHA256:" + "A".repeat(43);
        var relation = juju.addRelation("debug-ssh:2", "debug-ssh");
        relation.units.put("tmate/0", new HashMap<>(Map.of("host", "10.1.1.1", "port", "10022",
                "rsa_fingerprint", fingerprint, "ed25519_fingerprint", fingerprint)));
        relation.units.put("tmate/1", new HashMap<>(Map.of("host", "10.1.1.2")));   // not ready: skipped
        assertEquals(List.of(new ManagerConfig.TmateServer("10.1.1.1", 10022, fingerprint, fingerprint)),
                load().managerConfig().vm().tmateServers());
        relation.units.put("tmate/1", new HashMap<>(Map.of("host", "10.1.1.2", "port", "22; x",
                "rsa_fingerprint", fingerprint, "ed25519_fingerprint", fingerprint)));
        assertBlocked("Invalid SSH Debug info");
    }

    @Test
    void applicationNameTooLongForVmNames() {
        var unit = UnitIdentity.parse("a".repeat(50) + "/10");
        ConfigException e = assertThrows(ConfigException.class, () -> new CharmConfig(juju, environment, unit).load());
        assertTrue(e.getMessage().startsWith("Application name too long"), e.getMessage());
    }

    @Test
    void flushFingerprintFollowsOnlyFlushKeys() throws Exception {
        String before = load().flushFingerprint();
        juju.config.put("base-virtual-machines", 4);
        assertEquals(before, load().flushFingerprint(), "pool size is not a flush key");
        juju.config.put("labels", "new");
        assertNotEquals(before, load().flushFingerprint());
        assertFalse(load().flushFingerprint().contains("ghp_token"));
    }
}
