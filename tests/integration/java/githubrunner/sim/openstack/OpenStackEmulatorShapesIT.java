package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.testing.JsonShape;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers with the structure of the official API samples in {@code fixtures/openstack}:
 * same field names and JSON types at every level (values differ, of course).
 */
class OpenStackEmulatorShapesIT {
    /** Maps whose keys are data (server metadata, addresses per network). */
    private static final Set<String> FREE_KEY_MAPS = Set.of("metadata", "meta", "addresses");
    /** Neutron and Keystone give null for unset attributes the samples show set. */
    private static final JsonShape BASE = JsonShape.EXACT.freeKeyMaps(FREE_KEY_MAPS).nullsAnywhere();
    /**
     * Where the samples disagree with each other: neutron's security-group-create sample has a
     * field "revisio[n_number" (a typo), its network-show sample has "tags" that the list sample
     * lacks and gives "pvlan" as a string where the list gives a boolean.
     */
    private static final JsonShape SHAPE = BASE.looselyTyped(Set.of("pvlan"))
            .optional(Set.of("revisio[n_number", "tags",
            // admin-only attributes the sample shows; Nova hides them from the member the emulator serves
            "OS-EXT-SRV-ATTR:host", "OS-EXT-SRV-ATTR:hypervisor_hostname", "OS-EXT-SRV-ATTR:instance_name",
            // in real Neutron (Zed, and later releases) but not in the samples
            "remote_address_group_id", "normalized_cidr"));

    static OpenStackEmulator sim;
    static RawClient raw;
    static String serverId;
    static String groupId;
    static String ruleId;
    static JsonNode createdServer;
    static JsonNode createdKeypair;
    static JsonNode createdGroup;
    static JsonNode createdRule;
    static JsonNode token;

    @BeforeAll
    static void populate() throws Exception {
        sim = RawClient.emulator().start();
        raw = new RawClient(sim);
        token = raw.authenticate(RawClient.PASSWORD).body();
        createdKeypair = raw.post("/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"kp1\"}}").body();
        String image = sim.images().get(0).id();
        String server = """
                {"server": {"name": "s1", "imageRef": "%s", "flavorRef": "1", "key_name": "kp1",
                 "metadata": {"My Server Name": "Apache1"}, "user_data": "IyEvYmluL3NoCg==", "config_drive": true,
                 "networks": [{"uuid": "%s"}]}}""".formatted(image, sim.networks().get(0).id());
        createdServer = raw.post("/compute/v2.1/servers", server).body();
        serverId = createdServer.path("server").path("id").asText();
        raw.post("/compute/v2.1/servers", server.replace("\"s1\"", "\"s2\""));
        createdGroup = raw.post("/network/v2.0/security-groups",
                "{\"security_group\": {\"name\": \"new-webservers\", \"description\": \"security group for webservers\"}}").body();
        groupId = createdGroup.path("security_group").path("id").asText();
        createdRule = raw.post("/network/v2.0/security-group-rules", """
                {"security_group_rule": {"direction": "ingress", "port_range_min": "80", "ethertype": "IPv4",
                 "port_range_max": "80", "protocol": "tcp", "security_group_id": "%s"}}""".formatted(groupId)).body();
        ruleId = createdRule.path("security_group_rule").path("id").asText();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static void same(String fixture, JsonNode actual) {
        same(fixture, actual, SHAPE);
    }

    private static void same(String fixture, JsonNode actual, JsonShape shape) {
        assertEquals(List.of(), shape.differences(JsonShape.fixture("openstack/" + fixture), actual), fixture);
    }

    @Test
    void keystone() throws Exception {
        same("keystone/auth/responses/project-scoped-password.json", token);
        same("keystone/admin/identity-version-response.json", raw.get("/identity/v3").body());
        same("keystone/admin/identity-versions-response.json", raw.send("GET", "/identity", null, false).body());
    }

    @Test
    void novaServers() throws Exception {
        same("nova/servers/server-create-resp.json", createdServer);
        // limit=1 so the answer carries a next link, as the samples do
        same("nova/servers/servers-details-resp.json", raw.get("/compute/v2.1/servers/detail?limit=1").body());
        same("nova/servers/servers-list-resp.json", raw.get("/compute/v2.1/servers?limit=1").body());
        same("nova/servers/server-get-resp.json", raw.get("/compute/v2.1/servers/" + serverId).body());
        same("nova/server-metadata/server-metadata-all-resp.json",
                raw.get("/compute/v2.1/servers/" + serverId + "/metadata").body());
        same("nova/server-metadata/server-metadata-resp.json",
                raw.get("/compute/v2.1/servers/" + serverId + "/metadata/My%20Server%20Name").body());
        same("nova/versions/v21-version-get-resp.json", raw.get("/compute/v2.1/").body());
    }

    @Test
    void novaKeypairsFlavorsLimits() throws Exception {
        same("nova/os-keypairs/keypairs-post-resp.json", createdKeypair);
        // Nova's import sample is the generate sample without private_key.
        String publicKey = createdKeypair.path("keypair").path("public_key").asText();
        JsonNode imported = raw.post("/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"kp2\", \"public_key\": \"" + publicKey.strip() + "\"}}").body();
        assertTrue(imported.path("keypair").path("private_key").isMissingNode());
        ((ObjectNode) imported.path("keypair")).put("private_key", "");
        same("nova/os-keypairs/keypairs-post-resp.json", imported);
        raw.delete("/compute/v2.1/os-keypairs/kp2");
        same("nova/os-keypairs/keypairs-list-resp.json", raw.get("/compute/v2.1/os-keypairs").body());
        same("nova/os-keypairs/keypairs-get-resp.json", raw.get("/compute/v2.1/os-keypairs/kp1").body());
        same("nova/flavors/flavors-list-resp.json", raw.get("/compute/v2.1/flavors").body());
        same("nova/flavors/flavors-detail-resp.json", raw.get("/compute/v2.1/flavors/detail").body());
        same("nova/flavors/flavor-get-resp.json", raw.get("/compute/v2.1/flavors/1").body());
        same("nova/limits/limit-get-resp.json", raw.get("/compute/v2.1/limits").body());
    }

    @Test
    void neutron() throws Exception {
        same("neutron/security-groups/security-group-create-response.json", createdGroup);
        same("neutron/security-groups/security-groups-list-response.json", raw.get("/network/v2.0/security-groups").body());
        same("neutron/security-groups/security-group-show-response.json",
                raw.get("/network/v2.0/security-groups/" + groupId).body());
        same("neutron/security-groups/security-group-rule-create-response.json", createdRule);
        same("neutron/security-groups/security-group-rules-list-response.json",
                raw.get("/network/v2.0/security-group-rules").body());
        // The rule-show sample lacks the "description" that the create and list samples carry.
        same("neutron/security-groups/security-group-rule-show-response.json",
                raw.get("/network/v2.0/security-group-rules/" + ruleId).body(),
                BASE.optional(Set.of("description", "normalized_cidr")));
        same("neutron/networks/networks-list-response.json", raw.get("/network/v2.0/networks").body());
        same("neutron/networks/network-show-response.json",
                raw.get("/network/v2.0/networks/" + sim.networks().get(0).id()).body());
    }

    @Test
    void glance() throws Exception {
        same("glance/images-list-response.json", raw.get("/image/v2/images").body());
        same("glance/image-show-response.json", raw.get("/image/v2/images/" + sim.images().get(0).id()).body());
    }

    @Test
    void deletesAnswerLikeTheSamples() throws Exception {
        // neutron's *-delete-response-json-http.txt samples say "status: 204"; nova deletes a server with 204
        String group = raw.post("/network/v2.0/security-groups", "{\"security_group\": {\"name\": \"doomed\"}}")
                .body().path("security_group").path("id").asText();
        String rule = raw.post("/network/v2.0/security-group-rules", """
                {"security_group_rule": {"direction": "ingress", "protocol": "icmp", "security_group_id": "%s"}}"""
                .formatted(group)).body().path("security_group_rule").path("id").asText();
        String server = raw.post("/compute/v2.1/servers", """
                {"server": {"name": "doomed", "imageRef": "%s", "flavorRef": "1", "networks": [{"uuid": "%s"}]}}"""
                .formatted(sim.images().get(0).id(), sim.networks().get(0).id())).body().path("server").path("id").asText();

        RawClient.Answer ruleGone = raw.delete("/network/v2.0/security-group-rules/" + rule);
        assertEquals(204, ruleGone.status());
        assertEquals("", ruleGone.raw().body());
        assertEquals(204, raw.delete("/network/v2.0/security-groups/" + group).status());
        assertEquals(204, raw.delete("/compute/v2.1/servers/" + server).status());
    }
}
