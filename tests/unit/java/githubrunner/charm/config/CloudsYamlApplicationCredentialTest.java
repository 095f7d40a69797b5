package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.KeystoneCredentials;
import githubrunner.contract.ManagerConfig;
import githubrunner.juju.UnitStatus;
import githubrunner.manager.ClientSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clouds.yaml with {@code auth_type: v3applicationcredential}, from parsing to the client's credentials. */
class CloudsYamlApplicationCredentialTest {
    private static final String BY_ID = """
            clouds:
              ci:
                auth_type: v3applicationcredential
                auth:
                  auth_url: https://keystone.example.com:5000/v3
                  application_credential_id: 0b1c9f6e2d8a4f57a1e3c2b4d6f8a0c1
                  application_credential_secret: app-secret-value
                region_name: RegionOne
            """;
    private static final String BY_NAME = """
            clouds:
              ci:
                auth_type: v3applicationcredential
                auth:
                  auth_url: https://keystone.example.com:5000/v3
                  application_credential_name: runners
                  application_credential_secret: app-secret-value
                  username: runner
                  user_domain_name: Default
                region_name: RegionOne
            """;

    private static UnitStatus blocked(String yaml) {
        return assertThrows(ConfigException.class, () -> CloudsYaml.parse(yaml, "openstack-clouds-yaml")).status();
    }

    @Test
    void byIdBecomesTheClientsApplicationCredential() throws Exception {
        CloudsYaml cloud = CloudsYaml.parse(BY_ID, "openstack-clouds-yaml");
        ManagerConfig.OpenStack config = cloud.toManagerConfig("net", "m1.small");
        assertTrue(config.isApplicationCredential());
        assertNull(config.password());
        assertNull(config.projectName());
        var target = ClientSettings.openstack(config);
        var credential = (KeystoneCredentials.ApplicationCredential) target.credentials();
        assertEquals("0b1c9f6e2d8a4f57a1e3c2b4d6f8a0c1", credential.id());
        assertEquals("app-secret-value", credential.secret().reveal());
        assertEquals("RegionOne", target.regionName());
        assertEquals("net", target.network());
        assertFalse(credential.toString().contains("app-secret-value"), credential.toString());
        assertFalse(cloud.toString().contains("app-secret-value"), cloud.toString());
    }

    @Test
    void byNameCarriesItsUser() throws Exception {
        var credential = (KeystoneCredentials.ApplicationCredential) ClientSettings.openstack(
                CloudsYaml.parse(BY_NAME, "openstack-clouds-yaml").toManagerConfig("", "m1.small")).credentials();
        assertNull(credential.id());
        assertEquals("runners", credential.name());
        assertEquals("runner", credential.username());
        assertEquals("Default", credential.userDomainName());
    }

    @Test
    void passwordAuthIsStillTheDefaultAndMayBeNamed() throws Exception {
        String yaml = CharmConfigTest.CLOUDS_YAML.replace("    region_name:", "    auth_type: password\n    region_name:");
        var credentials = ClientSettings.openstack(CloudsYaml.parse(yaml, "x").toManagerConfig("", "f")).credentials();
        assertTrue(credentials instanceof KeystoneCredentials.Password, credentials.toString());
    }

    @Test
    void incompleteApplicationCredentialsAreBlockedWithWhatIsMissing() {
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' is missing "
                + "auth.application_credential_secret."), blocked(BY_ID.replace("      application_credential_secret: app-secret-value\n", "")));
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' uses v3applicationcredential "
                + "but has neither auth.application_credential_id nor auth.application_credential_name."),
                blocked(BY_ID.replace("      application_credential_id: 0b1c9f6e2d8a4f57a1e3c2b4d6f8a0c1\n", "")));
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' names its application "
                + "credential; it also needs auth.username and auth.user_domain_name (or give "
                + "auth.application_credential_id)."), blocked(BY_NAME.replace("      username: runner\n", "")));
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' is missing auth.auth_url."),
                blocked(BY_ID.replace("      auth_url: https://keystone.example.com:5000/v3\n", "")));
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' is missing region_name."),
                blocked(BY_ID.replace("    region_name: RegionOne\n", "")));
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' has an invalid auth.auth_url "
                + "(expected http(s)://...)."), blocked(BY_ID.replace("https://keystone.example.com:5000/v3", "keystone")));
    }

    @Test
    void unknownAuthTypesAreBlocked() {
        assertEquals(UnitStatus.blocked("Invalid openstack-clouds-yaml config. Cloud 'ci' has auth_type 'v3token'; "
                + "supported: password, v3applicationcredential."), blocked(BY_ID.replace("v3applicationcredential", "v3token")));
    }

    @Test
    void theImageRelationGetsTheCredentialsKeysAsGiven() throws Exception {
        assertEquals(Map.of("auth_url", "https://keystone.example.com:5000/v3",
                "application_credential_id", "0b1c9f6e2d8a4f57a1e3c2b4d6f8a0c1",
                "application_credential_secret", "app-secret-value"),
                CloudsYaml.parse(BY_ID, "x").authRelationData());
    }
}
