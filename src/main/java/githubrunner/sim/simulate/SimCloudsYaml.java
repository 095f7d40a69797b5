package githubrunner.sim.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The first cloud of a clouds.yaml, password auth, as the simulator's Nova reader needs it. */
final class SimCloudsYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Keystone v3 password credentials scoped to a project; the password never prints. */
    record Cloud(String authUrl, String username, String password, String projectName, String userDomainName,
                 String projectDomainName, String regionName) {
        String v3() {
            String url = authUrl.replaceAll("/+$", "");
            return url.endsWith("/v3") ? url : url + "/v3";
        }

        @Override
        public String toString() {
            return "Cloud[" + username + " at " + authUrl + ", project " + projectName + "]";
        }
    }

    private SimCloudsYaml() {}

    static Cloud read(Path file) throws IOException {
        JsonNode clouds = YAML.readTree(Files.readString(file)).path("clouds");
        if (!clouds.isObject() || clouds.isEmpty()) {
            throw new IOException(file + ": no clouds");
        }
        Map.Entry<String, JsonNode> first = clouds.properties().iterator().next();
        JsonNode auth = first.getValue().path("auth");
        String type = first.getValue().path("auth_type").asText("password");
        if (!type.equals("password") && !type.equals("v3password")) {
            throw new IOException(file + ": cloud '" + first.getKey() + "' uses auth_type " + type
                    + "; the runner agents' reader needs password credentials (pass --agent-clouds-yaml)");
        }
        for (String key : new String[] {"auth_url", "username", "password", "project_name"}) {
            if (auth.path(key).asText("").isBlank()) {
                throw new IOException(file + ": cloud '" + first.getKey() + "' lacks auth." + key);
            }
        }
        return new Cloud(auth.path("auth_url").asText(), auth.path("username").asText(), auth.path("password").asText(),
                auth.path("project_name").asText(), auth.path("user_domain_name").asText("Default"),
                auth.path("project_domain_name").asText("Default"), first.getValue().path("region_name").asText("RegionOne"));
    }
}
