package githubrunner.charm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.common.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import githubrunner.contract.ManagerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenStack credentials: the first cloud of a clouds.yaml, Keystone v3 with password auth or
 * an application credential ({@code auth_type: v3applicationcredential}, by id, or by name with
 * its user). Fields an auth type does not use are null.
 */
record CloudsYaml(String cloudName, String authUrl, String username, Secret password, String projectName,
                  String userDomainName, String projectDomainName, String regionName, int cloudCount,
                  String applicationCredentialId, String applicationCredentialName,
                  Secret applicationCredentialSecret) {

    private static final List<String> AUTH_KEYS = List.of(
            "auth_url", "password", "project_domain_name", "project_name", "user_domain_name", "username");
    static final String APPLICATION_CREDENTIAL = "v3applicationcredential";
    private static final List<String> PASSWORD_TYPES = List.of("password", "v3password");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** As for the inline option (OptionText), for the text from the secret: checked before parsing. */
    static final int MAX_BYTES = OptionText.MAX_TEXT_BYTES;

    /** Reads openstack-clouds-yaml-secret-id (preferred) or openstack-clouds-yaml. */
    static CloudsYaml fromConfig(RawConfig config, SecretReader secrets) throws ConfigException {
        String secretId = config.string("openstack-clouds-yaml-secret-id");
        if (!secretId.isEmpty()) {
            return parse(secrets.read("OpenStack clouds", secretId, "clouds-yaml"), "openstack-clouds-yaml-secret-id");
        }
        String text = config.string("openstack-clouds-yaml");
        if (text.isBlank()) {
            throw ConfigException.blocked("Missing OpenStack clouds configuration; set either openstack-clouds-yaml "
                    + "or openstack-clouds-yaml-secret-id.");
        }
        return parse(text, "openstack-clouds-yaml");
    }

    /** @param source the option the text came from, named in error messages */
    static CloudsYaml parse(String text, String source) throws ConfigException {
        String invalid = "Invalid " + source + " config. ";
        TextSize.requireAtMost(text, MAX_BYTES, invalid, "The clouds.yaml");
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw ConfigException.blocked(invalid + "Invalid yaml.");
        }
        JsonNode clouds = root == null ? null : root.get("clouds");
        if (clouds == null || !clouds.isObject() || clouds.isEmpty()) {
            throw ConfigException.blocked(invalid + "Invalid yaml. Expected a \"clouds:\" map with at least one cloud.");
        }
        Map.Entry<String, JsonNode> first = clouds.fields().next();
        String name = first.getKey();
        JsonNode cloud = first.getValue();
        JsonNode auth = cloud.path("auth");
        String authType = cloud.path("auth_type").isMissingNode() ? "password" : cloud.path("auth_type").asText().strip();
        if (authType.equals(APPLICATION_CREDENTIAL)) {
            return applicationCredential(name, auth, cloud, clouds.size(), invalid);
        }
        if (!PASSWORD_TYPES.contains(authType)) {
            throw ConfigException.blocked(invalid + "Cloud '" + name + "' has auth_type '" + authType
                    + "'; supported: password, " + APPLICATION_CREDENTIAL + ".");
        }
        for (String key : AUTH_KEYS) {
            requireText(auth, key, name, invalid);
        }
        String region = region(cloud, name, invalid);
        String authUrl = authUrl(auth, name, invalid);
        return new CloudsYaml(name, authUrl, auth.path("username").asText(), Secret.of(auth.path("password").asText()),
                auth.path("project_name").asText(), auth.path("user_domain_name").asText(),
                auth.path("project_domain_name").asText(), region, clouds.size(), null, null, null);
    }

    /**
     * {@code auth_type: v3applicationcredential}: auth_url and application_credential_secret, and
     * either application_credential_id, or application_credential_name with username and
     * user_domain_name (a name is unique per user only).
     */
    private static CloudsYaml applicationCredential(String name, JsonNode auth, JsonNode cloud, int cloudCount,
                                                    String invalid) throws ConfigException {
        requireText(auth, "auth_url", name, invalid);
        requireText(auth, "application_credential_secret", name, invalid);
        String id = text(auth, "application_credential_id");
        String credentialName = text(auth, "application_credential_name");
        String username = null;
        String userDomain = null;
        if (id == null) {
            if (credentialName == null) {
                throw ConfigException.blocked(invalid + "Cloud '" + name + "' uses " + APPLICATION_CREDENTIAL
                        + " but has neither auth.application_credential_id nor auth.application_credential_name.");
            }
            if (text(auth, "username") == null || text(auth, "user_domain_name") == null) {
                throw ConfigException.blocked(invalid + "Cloud '" + name + "' names its application credential; "
                        + "it also needs auth.username and auth.user_domain_name (or give auth.application_credential_id).");
            }
            username = text(auth, "username");
            userDomain = text(auth, "user_domain_name");
        }
        String region = region(cloud, name, invalid);
        String authUrl = authUrl(auth, name, invalid);
        return new CloudsYaml(name, authUrl, username, null, null, userDomain, null, region, cloudCount, id,
                id == null ? credentialName : null,
                Secret.of(auth.path("application_credential_secret").asText()));
    }

    private static void requireText(JsonNode auth, String key, String cloud, String invalid) throws ConfigException {
        if (text(auth, key) == null) {
            throw ConfigException.blocked(invalid + "Cloud '" + cloud + "' is missing auth." + key + ".");
        }
    }

    /** The value, or null when absent, not a scalar, or blank. */
    private static String text(JsonNode auth, String key) {
        JsonNode value = auth.path(key);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String region(JsonNode cloud, String name, String invalid) throws ConfigException {
        if (!cloud.path("region_name").isValueNode() || cloud.path("region_name").asText().isBlank()) {
            throw ConfigException.blocked(invalid + "Cloud '" + name + "' is missing region_name.");
        }
        return cloud.path("region_name").asText();
    }

    private static String authUrl(JsonNode auth, String cloud, String invalid) throws ConfigException {
        String authUrl = auth.path("auth_url").asText().strip();
        if (!isHttpUrl(authUrl)) {
            throw ConfigException.blocked(invalid + "Cloud '" + cloud + "' has an invalid auth.auth_url (expected http(s)://...).");
        }
        return authUrl;
    }

    /** For the manager: the credentials, with the configured network and flavor. */
    ManagerConfig.OpenStack toManagerConfig(String network, String flavor) {
        return new ManagerConfig.OpenStack(authUrl, username, password, projectName, userDomainName, projectDomainName,
                regionName, network, flavor, applicationCredentialId, applicationCredentialName,
                applicationCredentialSecret);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The auth map the image builder needs, keyed as in clouds.yaml (reference/juju.md §4c). For an
     * application credential these are its keys; the image builder (which wants a password) then
     * ignores the unit, as it does any incomplete map.
     */
    Map<String, String> authRelationData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("auth_url", authUrl);
        if (applicationCredentialSecret != null) {
            putIfSet(data, "application_credential_id", applicationCredentialId);
            putIfSet(data, "application_credential_name", applicationCredentialName);
            putIfSet(data, "username", username);
            putIfSet(data, "user_domain_name", userDomainName);
            data.put("application_credential_secret", applicationCredentialSecret.reveal());
            return data;
        }
        data.put("username", username);
        data.put("password", password.reveal());
        data.put("project_name", projectName);
        data.put("user_domain_name", userDomainName);
        data.put("project_domain_name", projectDomainName);
        return data;
    }

    private static void putIfSet(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
