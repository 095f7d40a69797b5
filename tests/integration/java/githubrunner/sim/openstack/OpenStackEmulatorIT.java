package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.testing.TestKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's own behaviour over HTTP: what a real Keystone, Nova, Neutron and Glance would answer. */
class OpenStackEmulatorIT {
    private final SimClock clock = SimClock.startingNow();
    private OpenStackEmulator sim;
    private RawClient raw;

    private void start(OpenStackEmulator.Builder builder) throws IOException {
        sim = builder.clock(clock).start();
        raw = new RawClient(sim);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String boot(String name, String extra) {
        return """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "2", "networks": [{"uuid": "%s"}]%s}}"""
                .formatted(name, sim.images().get(0).id(), sim.networks().get(0).id(), extra);
    }

    // ---- Keystone

    @Test
    void keystoneIssuesATokenWithACatalogForTheRegionAndRefusesAWrongPassword() throws Exception {
        start(RawClient.emulator().region("Lab-East"));

        RawClient.Answer wrong = raw.authenticate("nope");
        assertEquals(401, wrong.status());
        assertEquals("The request you have made requires authentication.", wrong.body().path("error").path("message").asText());

        RawClient.Answer ok = raw.authenticate(RawClient.PASSWORD);
        assertEquals(201, ok.status());
        assertTrue(ok.header("X-Subject-Token").length() > 20);
        List<String> services = new ArrayList<>();
        for (JsonNode service : ok.body().path("token").path("catalog")) {
            services.add(service.path("type").asText() + "=" + service.path("name").asText());
            for (JsonNode endpoint : service.path("endpoints")) {
                assertEquals("Lab-East", endpoint.path("region").asText());
            }
        }
        assertEquals(List.of("identity=keystone", "compute=nova", "network=neutron", "image=glance"), services);
    }

    @Test
    void servicesRefuseAMissingUnknownOrExpiredToken() throws Exception {
        start(RawClient.emulator().tokenLifetime(Duration.ofMinutes(10)));
        assertEquals(401, raw.send("GET", "/compute/v2.1/servers", null, false).status());
        assertEquals(200, raw.get("/compute/v2.1/servers").status());

        clock.advance(Duration.ofMinutes(10));

        RawClient.Answer expired = raw.get("/network/v2.0/networks");
        assertEquals(401, expired.status());
        assertEquals(401, expired.body().path("error").path("code").asInt());
    }

    // ---- Nova servers

    @Test
    void aServerIsBuildUntilTheBuildDelayHasPassedThenActive() throws Exception {
        start(RawClient.emulator().buildDelay(Duration.ofSeconds(30)));
        String id = raw.post("/compute/v2.1/servers", boot("s1", "")).body().path("server").path("id").asText();

        JsonNode building = raw.get("/compute/v2.1/servers/" + id).body().path("server");
        assertEquals("BUILD", building.path("status").asText());
        assertEquals("building", building.path("OS-EXT-STS:vm_state").asText());
        assertEquals(List.of(), sim.drainNewlyActive());

        clock.advance(Duration.ofSeconds(30));

        assertEquals("ACTIVE", raw.get("/compute/v2.1/servers/" + id).body().path("server").path("status").asText());
        assertEquals(List.of(id), sim.drainNewlyActive().stream().map(SimServer::id).toList());
        assertEquals(List.of(), sim.drainNewlyActive(), "reported once");
    }

    @Test
    void bootValidationAnswersLikeNova() throws Exception {
        start(RawClient.emulator().network("11111111-1111-1111-1111-111111111111", "first")
                .network("22222222-2222-2222-2222-222222222222", "second"));
        String image = sim.images().get(0).id();
        String net = sim.networks().get(0).id();
        assertError(400, "Can not find requested image", raw.post("/compute/v2.1/servers",
                "{\"server\": {\"name\": \"s\", \"imageRef\": \"nope\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\": \"" + net + "\"}]}}"));
        assertError(400, "Invalid flavorRef provided.", raw.post("/compute/v2.1/servers",
                "{\"server\": {\"name\": \"s\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"99\"}}"));
        assertError(400, "Network 00000000-0000-0000-0000-000000000000 could not be found.", raw.post("/compute/v2.1/servers",
                "{\"server\": {\"name\": \"s\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\": \"00000000-0000-0000-0000-000000000000\"}]}}"));
        assertError(409, "Multiple possible networks found, use a Network ID to be more specific.", raw.post("/compute/v2.1/servers",
                "{\"server\": {\"name\": \"s\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\"}}"));
        assertError(400, "Invalid key_name provided.", raw.post("/compute/v2.1/servers", boot("s", ", \"key_name\": \"nope\"")));
        assertError(400, "Security group nope not found.", raw.post("/compute/v2.1/servers",
                boot("s", ", \"security_groups\": [{\"name\": \"nope\"}]")));
        String big = Base64.getEncoder().encodeToString(new byte[50_000]);
        RawClient.Answer tooBig = raw.post("/compute/v2.1/servers", boot("s", ", \"user_data\": \"" + big + "\""));
        assertEquals(400, tooBig.status());
        assertTrue(tooBig.body().path("badRequest").path("message").asText().startsWith("User data too large."));
        assertTrue(sim.servers().isEmpty());
    }

    @Test
    void quotasRefuseWithNovasForbiddenMessageAndShowInLimits() throws Exception {
        start(RawClient.emulator().quotas(new Quotas(2, 3, 3000)));
        assertEquals(202, raw.post("/compute/v2.1/servers", boot("s1", "")).status()); // m1.small: 1 core, 2048 MB

        assertError(403, "Quota exceeded for ram: Requested 2048, but already used 2048 of 3000 ram",
                raw.post("/compute/v2.1/servers", boot("s2", "")));
        sim.setQuotas(new Quotas(1, 3, -1));
        assertError(403, "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances",
                raw.post("/compute/v2.1/servers", boot("s2", "")));
        sim.setQuotas(new Quotas(1, 1, -1));
        assertError(403, "Quota exceeded for cores, instances: Requested 1, but already used 1 of 1 cores, instances",
                raw.post("/compute/v2.1/servers", boot("s2", "")));

        JsonNode absolute = raw.get("/compute/v2.1/limits").body().path("limits").path("absolute");
        assertEquals(1, absolute.path("maxTotalInstances").asInt());
        assertEquals(1, absolute.path("totalInstancesUsed").asInt());
        assertEquals(2048, absolute.path("totalRAMUsed").asInt());
        assertEquals(-1, absolute.path("maxTotalRAMSize").asInt());
    }

    @Test
    void listsPageByNovasMaxLimitAndFilterByNameRegex() throws Exception {
        start(RawClient.emulator().maxListLimit(2));
        for (String name : List.of("a-1-000000000001", "a-1-000000000002", "a-1-000000000003", "b-1-000000000001")) {
            sim.addServer(name, Map.of(), clock.instant());
        }

        JsonNode first = raw.get("/compute/v2.1/servers/detail?name=%5Ea-1-").body();
        assertEquals(2, first.path("servers").size());
        String next = first.path("servers_links").get(0).path("href").asText();
        assertTrue(next.contains("marker=" + first.path("servers").get(1).path("id").asText()), next);
        assertTrue(next.contains("name=%5Ea-1-"), next);
        JsonNode second = raw.get(next.substring(sim.baseUrl().length())).body();
        assertEquals(1, second.path("servers").size());
        assertTrue(second.path("servers_links").isMissingNode());
        assertEquals(400, raw.get("/compute/v2.1/servers/detail?marker=nope").status());
    }

    @Test
    void serverMetadataCanBeReadAndChanged() throws Exception {
        start(RawClient.emulator());
        String id = raw.post("/compute/v2.1/servers", boot("s", ", \"metadata\": {\"a\": \"1\"}")).body()
                .path("server").path("id").asText();
        raw.post("/compute/v2.1/servers/" + id + "/metadata", "{\"metadata\": {\"b\": \"2\"}}");
        assertEquals(Map.of("a", "1", "b", "2"), sim.server(id).orElseThrow().metadata());
        assertEquals(204, raw.delete("/compute/v2.1/servers/" + id + "/metadata/a").status());
        assertEquals("2", raw.get("/compute/v2.1/servers/" + id + "/metadata/b").body().path("meta").path("b").asText());
        assertEquals(404, raw.get("/compute/v2.1/servers/" + id + "/metadata/a").status());
        assertError(400, "Invalid input for field/attribute metadata. Value: {\"n\":1}. 1 is not of type 'string'",
                raw.post("/compute/v2.1/servers", boot("t", ", \"metadata\": {\"n\": 1}")));
    }

    @Test
    void deletingAServerTwiceIsANotFound() throws Exception {
        start(RawClient.emulator());
        String id = raw.post("/compute/v2.1/servers", boot("s", "")).body().path("server").path("id").asText();
        assertEquals(204, raw.delete("/compute/v2.1/servers/" + id).status());
        assertError(404, "Instance " + id + " could not be found.", raw.delete("/compute/v2.1/servers/" + id));
        assertEquals("DELETED", sim.deletedServers().get(0).status());
    }

    // ---- Nova keypairs

    @Test
    void keypairsAreRealRsaKeysWhosePrivateHalfIsShownOnce() throws Exception {
        start(RawClient.emulator());
        JsonNode created = raw.post("/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k1\"}}").body().path("keypair");
        String publicKey = created.path("public_key").asText();
        assertTrue(publicKey.startsWith("ssh-rsa AAAAB3NzaC1yc2E"), publicKey);
        assertEquals(publicKey.split(" ")[1], TestKeys.publicPart(created.path("private_key").asText()).openSshBase64());
        assertTrue(created.path("fingerprint").asText().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"));

        assertError(409, "Key pair 'k1' already exists.", raw.post("/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k1\"}}"));
        JsonNode listed = raw.get("/compute/v2.1/os-keypairs").body().path("keypairs").get(0).path("keypair");
        assertTrue(listed.path("private_key").isMissingNode());
        assertTrue(listed.path("created_at").isMissingNode(), "v2.1 lists keypairs without created_at");
        JsonNode shown = raw.get("/compute/v2.1/os-keypairs/k1").body().path("keypair");
        assertTrue(shown.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));
        assertEquals(202, raw.delete("/compute/v2.1/os-keypairs/k1").status());
        assertEquals(404, raw.get("/compute/v2.1/os-keypairs/k1").status());
    }

    @Test
    void anImportedKeypairKeepsItsPublicKeyAndIsAnsweredWithoutPrivateHalf() throws Exception {
        start(RawClient.emulator());
        // Made with ssh-keygen -t ecdsa -b 256; its MD5 fingerprint as ssh-keygen -l -E md5 prints it.
        String publicKey = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMTIFBKs+Jlx2q7o6W+"
                + "AG1JQhsnFNF0gbZ/Me9HWCygxgDoSTrK427EClirDMKSrLhfyYPVPydVAFUoDzXO21OU= test";
        String request = "{\"keypair\": {\"name\": \"k1\", \"public_key\": \"" + publicKey + "\"}}";

        RawClient.Answer imported = raw.post("/compute/v2.1/os-keypairs", request);

        assertEquals(200, imported.status(), "v2.1 answers an import with 200, as a generate");
        JsonNode keypair = imported.body().path("keypair");
        assertTrue(keypair.path("private_key").isMissingNode(), "Nova never had the private half");
        assertEquals(publicKey, keypair.path("public_key").asText());
        assertEquals("0c:56:de:6a:1b:23:d2:1a:c5:92:49:e4:06:d7:71:2d", keypair.path("fingerprint").asText());
        assertEquals(publicKey, raw.get("/compute/v2.1/os-keypairs/k1").body().path("keypair").path("public_key").asText());
        assertError(409, "Key pair 'k1' already exists.", raw.post("/compute/v2.1/os-keypairs", request));
        assertError(400, "Keypair data is invalid: failed to generate fingerprint", raw.post("/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"k2\", \"public_key\": \"not a key\"}}"));
        assertEquals(List.of("k1"), sim.keypairs().stream().map(SimKeypair::name).toList());
    }

    // ---- Neutron

    @Test
    void neutronRefusesADuplicateRuleButNotADuplicateGroupName() throws Exception {
        start(RawClient.emulator());
        String group = raw.post("/network/v2.0/security-groups", "{\"security_group\": {\"name\": \"g\"}}").body()
                .path("security_group").path("id").asText();
        assertEquals(201, raw.post("/network/v2.0/security-groups", "{\"security_group\": {\"name\": \"g\"}}").status());
        assertEquals(2, sim.securityGroupsNamed("g").size(), "Neutron allows two groups of one name");
        assertEquals(2, sim.rulesOf(group).size(), "a new group has Neutron's two default egress rules");

        String rule = "{\"security_group_rule\": {\"security_group_id\": \"" + group
                + "\", \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 22, \"port_range_max\": 22}}";
        String ruleId = raw.post("/network/v2.0/security-group-rules", rule).body().path("security_group_rule").path("id").asText();
        RawClient.Answer duplicate = raw.post("/network/v2.0/security-group-rules", rule);
        assertEquals(409, duplicate.status());
        assertEquals("SecurityGroupRuleExists", duplicate.body().path("NeutronError").path("type").asText());
        assertEquals("Security group rule already exists. Rule id is " + ruleId + ".",
                duplicate.body().path("NeutronError").path("message").asText());

        assertEquals(1, raw.get("/network/v2.0/security-group-rules?security_group_id=" + group + "&protocol=tcp")
                .body().path("security_group_rules").size());
        assertEquals(2, raw.get("/network/v2.0/security-groups?name=g").body().path("security_groups").size());
        assertEquals(1, raw.get("/network/v2.0/security-groups?name=default").body().path("security_groups").size());
    }

    // ---- faults and the request log

    @Test
    void faultRulesActByMethodPathProbabilityAndCount() throws Exception {
        start(RawClient.emulator());
        FaultRule twice = FaultRule.on("GET", "/compute/v2\\.1/flavors").times(2).inject(Fault.status(503));
        sim.faults().add(twice).add(FaultRule.on("GET", "/image/.*").probability(0).inject(Fault.status(500)));

        assertEquals(503, raw.get("/compute/v2.1/flavors").status());
        RawClient.Answer second = raw.get("/compute/v2.1/flavors");
        assertEquals(503, second.status());
        assertEquals("serviceUnavailable", second.body().fieldNames().next());
        assertEquals(200, raw.get("/compute/v2.1/flavors").status());
        assertEquals(200, raw.get("/image/v2/images").status());
        assertEquals(2, sim.faults().firedCount(twice));

        List<RecordedRequest> flavors = sim.requests().matching("GET", "/compute/v2\\.1/flavors");
        assertEquals(List.of(503, 503, 200), flavors.stream().map(RecordedRequest::status).toList());
        assertEquals("status 503", flavors.get(0).fault());
        assertNull(flavors.get(2).fault());
    }

    @Test
    void aDroppedConnectionGivesTheClientNoAnswerAndHasNoEffect() throws Exception {
        start(RawClient.emulator());
        sim.faults().add(FaultRule.on("POST", "/compute/.*").times(1).inject(Fault.dropConnection()));

        assertThrows(IOException.class, () -> raw.post("/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k\"}}"));
        assertEquals(RecordedRequest.DROPPED, sim.requests().matching("POST", "/compute/.*").get(0).status());
        assertEquals("k", sim.requests().matching("POST", "/compute/.*").get(0).subject());
        assertTrue(sim.keypairs().isEmpty());
    }

    @Test
    void aDroppedResponseStillTakesEffect() throws Exception {
        start(RawClient.emulator());
        sim.faults().add(FaultRule.on("POST", "/compute/v2\\.1/servers").times(1).inject(Fault.dropResponse()));

        assertThrows(IOException.class, () -> raw.post("/compute/v2.1/servers", boot("s", "")));
        assertEquals(1, sim.serversNamed("s").size());
        assertEquals("s", sim.requests().matching("POST", "/compute/.*").get(0).subject());
    }

    @Test
    void theSameSeedAndRequestsMeetTheSameFaults() throws Exception {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            start(RawClient.emulator().seed(42));
            sim.faults().add(FaultRule.on("*", "/compute/.*").probability(0.5).inject(Fault.status(500), Fault.status(503)));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(raw.get("/compute/v2.1/flavors").status());
            }
            runs.add(statuses);
            sim.close();
        }
        sim = null;
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).contains(200) && runs.get(0).contains(500) && runs.get(0).contains(503), runs.get(0).toString());
        assertFalse(runs.get(0).stream().allMatch(s -> s == 200));
    }

    private static void assertError(int status, String message, RawClient.Answer answer) {
        assertEquals(status, answer.status(), answer.raw().body());
        JsonNode inner = answer.body().elements().next();
        assertEquals(message, inner.path("message").asText());
        assertEquals(status, inner.path("code").asInt());
    }
}
