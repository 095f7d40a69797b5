package githubrunner.cloud.openstack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import githubrunner.common.Secret;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Nova and Neutron answers this client reads. Unknown fields are ignored;
 * what is read is validated by the caller before it is trusted.
 */
final class Wire {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Wire() {}

    /** Parses a 2xx body; a body that does not parse is an invalid response (the body is not quoted). */
    static <T> T parse(HttpReply reply, Class<T> type, String operation) throws CloudException {
        try {
            T value = JSON.readValue(reply.body(), type);
            if (value == null) {
                throw new InvalidResponseException(operation, reply.status(), "empty body", null);
            }
            return value;
        } catch (IOException e) {
            throw new InvalidResponseException(operation, reply.status(), "body is not the expected JSON ("
                    + e.getClass().getSimpleName() + ")", null);
        }
    }

    // ---- Nova

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Link(String href, String rel) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Address(String addr, Integer version) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Server(String id, String name, String status, String created, Map<String, String> metadata,
                  Map<String, List<Address>> addresses, @JsonProperty("key_name") String keyName) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServerPage(List<Server> servers, @JsonProperty("servers_links") List<Link> links) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServerBody(Server server) {}

    /** The answer of {@code os-getConsoleOutput}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConsoleOutput(String output) {}

    /** The private key is a {@link Secret}, so this record can never print it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Keypair(String name, @JsonProperty("public_key") String publicKey,
                   @JsonProperty("private_key") Secret privateKey, String fingerprint,
                   @JsonProperty("created_at") String createdAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeypairBody(Keypair keypair) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeypairList(List<KeypairBody> keypairs) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Flavor(String id, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FlavorList(List<Flavor> flavors) {}

    // ---- Neutron

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rule(String id, String direction, String ethertype, String protocol,
                @JsonProperty("port_range_min") Integer portRangeMin, @JsonProperty("port_range_max") Integer portRangeMax,
                @JsonProperty("remote_ip_prefix") String remoteIpPrefix,
                @JsonProperty("remote_group_id") String remoteGroupId,
                @JsonProperty("security_group_id") String securityGroupId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RuleBody(@JsonProperty("security_group_rule") Rule rule) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RuleList(@JsonProperty("security_group_rules") List<Rule> rules) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SecurityGroup(String id, String name, @JsonProperty("security_group_rules") List<Rule> rules) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SecurityGroupBody(@JsonProperty("security_group") SecurityGroup group) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SecurityGroupList(@JsonProperty("security_groups") List<SecurityGroup> groups) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Network(String id, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkList(List<Network> networks) {}
}
