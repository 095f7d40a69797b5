package githubrunner.cloud.openstack.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.FlavorNotFoundException;
import githubrunner.cloud.openstack.ImageNotFoundException;
import githubrunner.cloud.openstack.NetworkNotFoundException;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The production client against real Keystone, Nova (FakeDriver), Neutron and Glance started by
 * tests/openstack/up; each test once with password auth and once with an application credential.
 * What the client cannot see (user data, config drive, keypairs) is checked through Nova's API
 * as the admin or the user.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RealOpenStackContractIT.Auth.class)
class RealOpenStackContractIT {
    enum Auth { PASSWORD, APPLICATION_CREDENTIAL }

    private static final String USER_DATA = "#!/bin/sh\n/home/runner/run.sh --jitconfig 'JIT-CONFIG-MARKER'\n";

    @Parameter
    Auth auth;

    @TempDir
    Path keys;

    RealCloud real;
    OpenStackTarget target;
    String prefix;
    OpenStackCloud cloud;

    @BeforeEach
    void connect() {
        real = RealCloud.require();
        target = auth == Auth.PASSWORD ? real.password() : real.applicationCredential();
        prefix = RealClients.newPrefix("contract");
        cloud = new OpenStackCloud(target, prefix, keys, RealClients.options());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (cloud != null) {
            FleetCleanup.removeAll(target, prefix, keys);
        }
    }

    @Test
    void createsAServerWithEverythingARunnerNeeds() throws Exception {
        InstanceName name = InstanceName.generate(prefix);
        CloudServer created = cloud.createServer(name, real.imageId(), USER_DATA, Map.of("runner_id", "42"));
        assertEquals(ServerStatus.BUILD, created.status());

        CloudServer active = RealClients.awaitStatus(cloud, name, ServerStatus.ACTIVE);
        assertEquals(created.id(), active.id());
        assertEquals("42", active.runnerId().orElseThrow());
        assertEquals("github", active.metadata().get("platform_name"));
        assertEquals(prefix, active.metadata().get("prefix"));
        assertFalse(active.addresses().isEmpty(), "an address on " + real.network() + ": " + active);

        // What only Nova (as admin, microversion 2.3) shows: user data, config drive, key and group.
        JsonNode server = real.adminInRunnerProject().call("GET", "compute", "/servers/" + active.id(),
                Map.of("X-OpenStack-Nova-API-Version", "2.3"), null).json().path("server");
        assertEquals(USER_DATA, new String(Base64.getDecoder().decode(server.path("OS-EXT-SRV-ATTR:user_data").asText()),
                StandardCharsets.UTF_8));
        assertEquals("True", server.path("config_drive").asText());
        assertEquals(name.value(), server.path("key_name").asText());
        assertEquals(Set.of("github-runner-v1"), names(server.path("security_groups")));
        assertTrue(server.path("addresses").has(real.network()), server.path("addresses").toString());

        Path key = cloud.keyFile(name);
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).contains("PRIVATE KEY-----"), "a private key in " + key);
        assertEquals(200, real.runnerUser().get("compute", "/os-keypairs/" + name.value()).status());
    }

    @Test
    void deleteRemovesServerKeypairAndKeyFileAndASecondDeleteFindsItGone() throws Exception {
        InstanceName name = InstanceName.generate(prefix);
        cloud.createServer(name, real.imageId(), USER_DATA, Map.of());
        CloudServer active = RealClients.awaitStatus(cloud, name, ServerStatus.ACTIVE);

        assertTrue(cloud.deleteServer(active));
        RealClients.awaitGone(cloud, name);
        assertFalse(cloud.deleteServer(active), "Nova answers 404 for a deleted server");
        assertFalse(Files.exists(cloud.keyFile(name)));
        assertEquals(404, real.runnerUser().get("compute", "/os-keypairs/" + name.value()).status());
    }

    @Test
    void listsEveryServerAcrossNovasPagesAndOnlyOurs() throws Exception {
        OpenStackCloud neighbour = new OpenStackCloud(target, prefix + "-1", keys, RealClients.options());
        List<InstanceName> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            InstanceName name = InstanceName.generate(prefix);
            cloud.createServer(name, real.imageId(), USER_DATA, Map.of());
            ours.add(name);
        }
        InstanceName theirs = InstanceName.generate(prefix + "-1");
        neighbour.createServer(theirs, real.imageId(), USER_DATA, Map.of());
        try {
            // Nova pages at 4 here (tests/openstack/up): the first page has a next link.
            String filter = URLEncoder.encode("^" + prefix, StandardCharsets.UTF_8);
            JsonNode page = real.runnerUser().get("compute", "/servers/detail?name=" + filter).json();
            assertEquals(4, page.path("servers").size());
            assertEquals("next", page.path("servers_links").path(0).path("rel").asText());

            Set<String> listed = cloud.listServers().stream().map(s -> s.name().value()).collect(Collectors.toSet());
            assertEquals(ours.stream().map(InstanceName::value).collect(Collectors.toSet()), listed);
            assertEquals(ours.get(2), cloud.findServer(ours.get(2)).orElseThrow().name());
        } finally {
            FleetCleanup.removeAll(target, prefix + "-1", keys);
        }
    }

    @Test
    void ofTwoServersWithOneNameTheNewestIsKeptAndTheOtherDeleted() throws Exception {
        InstanceName name = InstanceName.generate(prefix);
        CloudServer first = cloud.createServer(name, real.imageId(), USER_DATA, Map.of());
        RealClients.awaitStatus(cloud, name, ServerStatus.ACTIVE);
        Thread.sleep(1100); // Nova's created has second precision
        // A second server of that name, as a create repeated after a lost answer would leave.
        String body = "{\"server\":{\"name\":\"" + name.value() + "\",\"imageRef\":\"" + real.imageId()
                + "\",\"flavorRef\":\"" + real.get("FLAVOR_ID") + "\",\"networks\":[{\"uuid\":\""
                + real.get("NETWORK_ID") + "\"}],\"metadata\":{\"prefix\":\"" + prefix + "\"}}}";
        var second = real.adminInRunnerProject().call("POST", "compute", "/servers", Map.of(), body);
        assertEquals(202, second.status(), second.text());
        String secondId = second.json().path("server").path("id").asText();

        List<CloudServer> listed = List.of();
        for (int i = 0; i < 600 && !(listed.size() == 1 && listed.get(0).id().equals(secondId)); i++) {
            listed = cloud.listServers();
            Thread.sleep(300);
        }
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(secondId, listed.get(0).id(), "the newest is kept");
        assertNotEquals(first.id(), listed.get(0).id());
    }

    @Test
    void ensuringTheSecurityGroupTwiceLeavesOneGroupWithItsRules() throws Exception {
        cloud.ensureSecurityGroup();
        cloud.ensureSecurityGroup();
        new OpenStackCloud(target, prefix + "-2", keys, RealClients.options()).ensureSecurityGroup();
        var raw = real.runnerUser();
        JsonNode groups = raw.get("network", "/v2.0/security-groups?name=github-runner-v1").json().path("security_groups");
        assertEquals(1, groups.size(), groups.toString());
        Set<String> rules = new HashSet<>();
        for (JsonNode rule : groups.path(0).path("security_group_rules")) {
            rules.add(rule.path("direction").asText() + " " + rule.path("protocol").asText() + " "
                    + rule.path("port_range_min").asText());
        }
        assertTrue(rules.contains("ingress tcp 22"), rules.toString());
    }

    @Test
    void anUnknownImageFailsTypedAndLeavesNoKeypair() throws Exception {
        InstanceName name = InstanceName.generate(prefix);
        var error = assertThrows(ImageNotFoundException.class,
                () -> cloud.createServer(name, "00000000-0000-4000-8000-000000000000", USER_DATA, Map.of()));
        assertEquals(400, error.httpStatus());
        assertFalse(Files.exists(cloud.keyFile(name)));
        assertEquals(404, real.runnerUser().get("compute", "/os-keypairs/" + name.value()).status());
    }

    @Test
    void anUnknownFlavorOrNetworkFailsBeforeAnythingIsCreated() throws Exception {
        OpenStackTarget noFlavor = new OpenStackTarget(target.authUrl(), target.credentials(), target.regionName(),
                target.network(), "no-such-flavor");
        OpenStackTarget noNetwork = new OpenStackTarget(target.authUrl(), target.credentials(), target.regionName(),
                "no-such-network", target.flavor());
        InstanceName name = InstanceName.generate(prefix);
        assertThrows(FlavorNotFoundException.class, () -> new OpenStackCloud(noFlavor, prefix, keys, RealClients.options())
                .createServer(name, real.imageId(), USER_DATA, Map.of()));
        assertThrows(NetworkNotFoundException.class, () -> new OpenStackCloud(noNetwork, prefix, keys,
                RealClients.options()).createServer(name, real.imageId(), USER_DATA, Map.of()));
        assertEquals(404, real.runnerUser().get("compute", "/os-keypairs/" + name.value()).status());
    }

    @Test
    void flavorAndNetworkMayBeGivenByIdToo() throws Exception {
        OpenStackTarget byId = new OpenStackTarget(target.authUrl(), target.credentials(), target.regionName(),
                real.get("NETWORK_ID"), real.get("FLAVOR_ID"));
        OpenStackCloud client = new OpenStackCloud(byId, prefix, keys, RealClients.options());
        InstanceName name = InstanceName.generate(prefix);
        client.createServer(name, real.imageId(), USER_DATA, Map.of());
        assertEquals(ServerStatus.ACTIVE, RealClients.awaitStatus(client, name, ServerStatus.ACTIVE).status());
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
