package githubrunner.charm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.common.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/** The OpenStack credentials: the first cloud of a clouds.yaml (Keystone v3 password auth). */
record CloudsYaml(String cloudName, String authUrl, String username, Secret password, String projectName,
                  String userDomainName, String projectDomainName, String regionName, int cloudCount) {

    private static final List<String> AUTH_KEYS = List.of(
            "auth_url", "password", "project_domain_name", "project_name", "user_domain_name", "username");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
        for (String key : AUTH_KEYS) {
            if (!auth.path(key).isValueNode() || auth.path(key).asText().isBlank()) {
                throw ConfigException.blocked(invalid + "Cloud '" + name + "' is missing auth." + key + ".");
            }
        }
        if (!cloud.path("region_name").isValueNode() || cloud.path("region_name").asText().isBlank()) {
            throw ConfigException.blocked(invalid + "Cloud '" + name + "' is missing region_name.");
        }
        String authUrl = auth.path("auth_url").asText().strip();
        if (!isHttpUrl(authUrl)) {
            throw ConfigException.blocked(invalid + "Cloud '" + name + "' has an invalid auth.auth_url (expected http(s)://...).");
        }
        return new CloudsYaml(name, authUrl, auth.path("username").asText(), Secret.of(auth.path("password").asText()),
                auth.path("project_name").asText(), auth.path("user_domain_name").asText(),
                auth.path("project_domain_name").asText(), cloud.path("region_name").asText(), clouds.size());
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The auth map the image builder needs, keyed as in clouds.yaml (reference/juju.md §4c). */
    Map<String, String> authRelationData() {
        return Map.of("auth_url", authUrl, "username", username, "password", password.reveal(),
                "project_name", projectName, "user_domain_name", userDomainName,
                "project_domain_name", projectDomainName);
    }
}
