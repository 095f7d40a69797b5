package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.charm.UnitIdentity;
import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values an operator (or a script gone wrong) can give that sit at or beyond the edges of each option. */
class ConfigEdgesTest {
    FakeJujuBackend juju;
    Map<String, String> environment;

    @BeforeEach
    void validConfigWithImage() {
        juju = CharmConfigTest.validUnit();
        environment = new HashMap<>();
    }

    CharmConfig.Loaded load() throws ConfigException {
        return new CharmConfig(juju, environment, UnitIdentity.parse("github-runner/0")).load();
    }

    String blocked() {
        UnitStatus status = assertThrows(ConfigException.class, this::load).status();
        assertEquals(UnitStatus.Kind.BLOCKED, status.kind());
        return status.message();
    }

    // --- integers: bounded, exact at any size ----------------------------------------------------

    static Stream<Object> intervalsOutOfRange() {
        return Stream.of(0, -1, 1441, 2147483648L, 4294967296L, new BigInteger("18446744073709551616"), 1e20);
    }

    @ParameterizedTest
    @MethodSource("intervalsOutOfRange")
    void reconcileIntervalOutsideOneMinuteToADayIsRefusedNeverWrapped(Object value) {
        juju.config.put("reconcile-interval", value);
        String shown = value instanceof Double d ? new java.math.BigDecimal(d).toBigInteger().toString() : value.toString();
        assertEquals("The reconcile-interval config must be between 1 and 1440, got " + shown, blocked());
    }

    @Test
    void reconcileIntervalBoundsAreAccepted() throws Exception {
        juju.config.put("reconcile-interval", 1);
        assertEquals(1, load().managerConfig().reconcileIntervalMinutes());
        juju.config.put("reconcile-interval", 1440);
        assertEquals(1440, load().managerConfig().reconcileIntervalMinutes());
        juju.config.put("reconcile-interval", "1440");
        assertEquals(1440, load().managerConfig().reconcileIntervalMinutes(), "numeric text from an old juju");
        juju.config.put("reconcile-interval", 2.0);
        assertEquals(2, load().managerConfig().reconcileIntervalMinutes(), "a float that is a whole number");
    }

    @Test
    void countsThatOverflowAnIntAreRefused() {
        for (String option : List.of("base-virtual-machines", "max-total-virtual-machines", "virtual-machines")) {
            juju = CharmConfigTest.validUnit();
            juju.config.put(option, 4294967296L);
            assertEquals("The " + option + " config must be between 0 and 10000, got 4294967296", blocked(), option);
        }
        juju = CharmConfigTest.validUnit();
        juju.config.put("base-virtual-machines", new BigInteger("9".repeat(400)));
        assertEquals("The base-virtual-machines config must be between 0 and 10000, got a 400-digit number", blocked());
    }

    @Test
    void installationIdMustBeAPositiveLong() throws Exception {
        juju.config.remove("token");
        juju.secrets.put("secret:key", Map.of("private-key", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"));
        juju.config.putAll(Map.of("github-app-client-id", "Iv23li", "github-app-private-key-secret-id", "secret:key"));
        juju.config.put("github-app-installation-id", new BigInteger("18446744073709551617"));
        assertEquals("Invalid Github config, The github-app-installation-id config must be between 1 and "
                + Long.MAX_VALUE + ", got 18446744073709551617", blocked());
        juju.config.put("github-app-installation-id", Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, load().managerConfig().github().auth().appInstallationId());
    }

    // --- sizes, checked before parsing ---------------------------------------------------------

    @Test
    void aHugeCloudsYamlIsRefusedForItsSizeNotParsed() {
        String valid = CharmConfigTest.CLOUDS_YAML;
        String tenMegabytes = valid + ("# padding " + "x".repeat(100) + "\n").repeat(10 * 1024 * 1024 / 111);
        juju.config.put("openstack-clouds-yaml", tenMegabytes);
        assertEquals("Invalid openstack-clouds-yaml config: the text is " + tenMegabytes.length()
                + " bytes, at most 65536 are accepted", blocked(), "valid YAML, but never parsed");

        String unparsable = "clouds: [" + "x".repeat((int) (3.5 * 1024 * 1024));
        juju.config.put("openstack-clouds-yaml", unparsable);
        assertEquals("Invalid openstack-clouds-yaml config: the text is " + unparsable.length()
                + " bytes, at most 65536 are accepted", blocked(), "above the YAML parser's 3 MiB: not 'Invalid yaml.'");
    }

    @Test
    void everyOptionHoldingAFileHasTheSizeCap() {
        for (String option : OptionText.MULTI_LINE) {
            juju = CharmConfigTest.validUnit();
            juju.config.put(option, "# x\n".repeat(20_000));
            assertEquals("Invalid " + option + " config: the text is 80000 bytes, at most 65536 are accepted", blocked(), option);
        }
    }

    @Test
    void theSizeCapCountsBytesAndAppliesToTheSecretToo() throws Exception {
        String padded = CharmConfigTest.CLOUDS_YAML + "# " + "é".repeat((CloudsYaml.MAX_BYTES - CharmConfigTest.CLOUDS_YAML.length() - 3) / 2) + "\n";
        assertTrue(TextSize.utf8Bytes(padded) <= CloudsYaml.MAX_BYTES);
        juju.config.put("openstack-clouds-yaml", padded);
        assertEquals("RegionOne", load().managerConfig().openstack().regionName(), "up to the cap is fine");

        juju.secrets.put("secret:os", Map.of("clouds-yaml", padded + "ééé"));
        juju.config.put("openstack-clouds-yaml-secret-id", "secret:os");
        assertEquals("Invalid openstack-clouds-yaml-secret-id config. The clouds.yaml is "
                + TextSize.utf8Bytes(padded + "ééé") + " bytes, at most 65536 are accepted", blocked());
    }

    @Test
    void utf8SizeIsCountedExactly() {
        for (String text : List.of("", "ascii", "é", "€", "😀", "a😀b€é")) {
            assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, TextSize.utf8Bytes(text), text);
        }
    }

    // --- control characters, in any string option ---------------------------------------------

    /** Every string option of config.yaml. */
    static List<String> stringOptions() throws IOException {
        JsonNode options = new ObjectMapper(new YAMLFactory()).readTree(Path.of("config.yaml").toFile()).path("options");
        List<String> names = new ArrayList<>();
        options.properties().forEach(option -> {
            if (option.getValue().path("type").asText().equals("string")) {
                names.add(option.getKey());
            }
        });
        assertTrue(names.size() > 20, "read from config.yaml: " + names);
        return names;
    }

    @ParameterizedTest
    @MethodSource("stringOptions")
    void aControlCharacterInAnyStringOptionIsRefusedNamingIt(String option) {
        String value = option.equals("openstack-clouds-yaml") ? CharmConfigTest.CLOUDS_YAML : "value";
        for (char c : new char[] {'\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u202e'}) {
            juju.config.put(option, value + c + "x");
            String message = blocked();
            assertEquals("Invalid " + option + " config: it holds a control character (U+" + String.format("%04X", (int) c)
                    + " at character " + (value.length() + 1) + "); " + (OptionText.MULTI_LINE.contains(option)
                    ? "only tab and line breaks are allowed" : "it must be one line of printable text"), message);
        }
    }

    @Test
    void aPathWithANewlineNeverGivesAStatusWhoseFirstLineLooksValid() {
        juju.config.put("path", "canonical/repo\n3 idle, 0 busy, 3 expected");
        String message = blocked();
        assertEquals("Invalid path config: it holds a control character (U+000A at character 15); it must be one line"
                + " of printable text", message);
        assertFalse(message.contains("\n") || message.contains("idle"));
    }

    @Test
    void secretsAreNeverEchoedAndMultiLineOptionsKeepTheirLines() throws Exception {
        juju.config.put("token", "ghp_secretValue\n");
        assertFalse(blocked().contains("ghp_secretValue"));
        juju.config.put("token", "ghp_token");
        juju.config.put("pre-job-script", "#!/bin/bash\r\n\techo ready\n");
        assertEquals("#!/bin/bash\r\n\techo ready\n", load().managerConfig().vm().preJobScript());
    }

    @Test
    void singleLineOptionsHaveALengthCap() {
        juju.config.put("labels", "a,".repeat(2049));
        assertEquals("Invalid labels config: 4098 characters, at most 4096 are accepted", blocked());
    }

    // --- aproxy and proxy credentials ------------------------------------------------------------

    @Test
    void aproxyCannotCarryProxyCredentialsSoTheyAreRefusedWithTheReason() throws Exception {
        juju.config.put("experimental-use-aproxy", true);
        juju.config.put("runner-http-proxy", "http://runner:s3cret@proxy.internal:3128");
        String message = blocked();
        assertEquals("Invalid proxy configuration: aproxy cannot authenticate to a proxy, but runner-http-proxy holds a"
                + " user name or password; allow the runners' addresses without authentication, or set"
                + " experimental-use-aproxy=false", message);
        assertFalse(message.contains("s3cret"));

        juju.config.remove("runner-http-proxy");
        environment.put("JUJU_CHARM_HTTP_PROXY", "http://model:pw@squid.internal:3128");
        assertTrue(blocked().contains("but the model's juju-http-proxy / juju-https-proxy holds a user name or password"));

        juju.config.put("aproxy-redirect-ports", "");
        assertEquals("http://model:pw@squid.internal:3128", load().managerConfig().vm().runnerProxy().http(),
                "no redirected ports: aproxy is off, the runners get the proxy with its credentials");
        juju.config.put("experimental-use-aproxy", false);
        assertFalse(load().managerConfig().vm().useAproxy());
    }

    @Test
    void aproxyNeedsAHostNameOrIpv4Address() throws Exception {
        juju.config.put("experimental-use-aproxy", true);
        juju.config.put("runner-http-proxy", "http://[fd00::1]:3128");
        assertEquals("Invalid proxy configuration: aproxy needs the proxy as a host name or IPv4 address, but"
                + " runner-http-proxy names an IPv6 address", blocked());
        juju.config.put("runner-http-proxy", "http://10.1.2.3:3128");
        assertTrue(load().managerConfig().vm().useAproxy());
    }
}
