package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterSettingsTest {
    FakeJujuBackend juju;

    @BeforeEach
    void setUp() {
        juju = new FakeJujuBackend();
        juju.secrets.put("secret:webhook", Map.of("webhook-secret", "12345"));
    }

    private RouterSettings parse() throws ConfigException {
        return RouterSettings.parse(new RawConfig(juju.configGet()), new SecretReader(juju));
    }

    private UnitStatus failure() {
        return assertThrows(ConfigException.class, this::parse).status();
    }

    @Test
    void noFlavoursNoRouter() throws Exception {
        assertNull(parse());
    }

    @Test
    void theOptionsAndTheSecretMakeTheSettings() throws Exception {
        juju.config.putAll(Map.of("webhook-router-flavours", "- large: [large, x64]", "webhook-router-default-flavour", "small",
                "webhook-router-default-labels", "self-hosted,linux", "webhook-secret-id", "secret:webhook",
                "webhook-router-port", 8443));
        RouterSettings settings = parse();
        assertEquals("12345", settings.webhookSecret().reveal());
        assertEquals(8443, settings.port());
        assertEquals("large", settings.rules().flavours().get(0).name());
    }

    @Test
    void problemsAreBlockedWithThePythonRoutersMessages() {
        juju.config.putAll(Map.of("webhook-router-flavours", "large: [x]", "webhook-router-default-flavour", "small",
                "webhook-secret-id", "secret:webhook"));
        assertEquals(UnitStatus.blocked("Invalid 'webhook-router-flavours' config. Expected a YAML file with a list at the top level."),
                failure());
        juju.config.put("webhook-router-flavours", "- large: [x]");
        juju.config.put("webhook-router-default-flavour", "");
        assertEquals(UnitStatus.blocked("webhook-router-default-flavour config is not set!"), failure());
        juju.config.put("webhook-router-default-flavour", "small");
        juju.config.put("webhook-secret-id", "");
        assertEquals(UnitStatus.Kind.BLOCKED, failure().kind());
        juju.config.put("webhook-secret-id", "secret:missing");
        assertEquals(UnitStatus.blocked("Webhook secret secret:missing not found"), failure());
        juju.config.put("webhook-secret-id", "secret:webhook");
        juju.config.put("webhook-router-port", 70000);
        assertEquals(UnitStatus.blocked("The webhook-router-port config must be between 1 and 65535, got 70000"), failure());
        juju.config.put("webhook-router-port", 4294967296L + 8080);
        assertEquals(UnitStatus.blocked("The webhook-router-port config must be between 1 and 65535, got 4294975376"), failure(),
                "never wrapped to 8080");
    }
}
