package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's state rules, without HTTP. */
class StoresTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final SimNetwork net = new SimNetwork("net-1", "external-network", 1, clock.instant());
    private final NetworkStore network = new NetworkStore(clock, "p", List.of(net));
    private final ImageStore images = new ImageStore(List.of(new SimImage("img", "jammy", clock.instant())));
    private final ComputeStore compute = new ComputeStore(clock, network, images, "u",
            List.of(new SimFlavor("1", "m1.tiny", 1, 512, 1), new SimFlavor("3", "m1.medium", 2, 4096, 40)),
            Quotas.UNLIMITED, Duration.ofSeconds(10), 1024, null);

    private BootRequest boot(String name, String flavor) {
        return new BootRequest(name, "img", flavor, List.of("net-1"), null, List.of(), null, true, Map.of(), false);
    }

    @Test
    void addressesAreHandedOutInOrderPerNetwork() throws Exception {
        assertEquals(Map.of("external-network", List.of("127.1.0.2")), compute.create(boot("a", "1")).server().addresses());
        assertEquals(Map.of("external-network", List.of("127.1.0.3")), compute.create(boot("b", "1")).server().addresses());
    }

    @Test
    void quotaUsageCountsErrorServersAndFreesOnDelete() throws Exception {
        compute.setQuotas(new Quotas(1, -1, -1));
        SimServer first = compute.create(new BootRequest("a", "img", "1", List.of("net-1"), null, List.of(), null, false,
                Map.of(), true)).server();
        clock.advance(Duration.ofSeconds(10));
        assertEquals("ERROR", compute.server(first.id()).orElseThrow().status());
        ApiError quota = assertThrows(ApiError.class, () -> compute.create(boot("b", "1")));
        assertEquals(403, quota.status());
        compute.delete(first.id());
        compute.create(boot("b", "1"));
    }

    @Test
    void metadataIsLimitedLikeNova() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 129; i++) {
            many.put("k" + i, "v");
        }
        ApiError tooMany = assertThrows(ApiError.class, () -> compute.create(
                new BootRequest("a", "img", "1", List.of("net-1"), null, List.of(), null, false, many, false)));
        assertEquals(403, tooMany.status());
        ApiError tooLong = assertThrows(ApiError.class, () -> compute.create(new BootRequest("a", "img", "1",
                List.of("net-1"), null, List.of(), null, false, Map.of("k", "v".repeat(256)), false)));
        assertEquals(400, tooLong.status());
    }

    @Test
    void aStatusSetByHandOverridesTheBoot() throws Exception {
        SimServer server = compute.create(boot("a", "1")).server();
        assertEquals("BUILD", server.status());
        compute.setStatus(server.id(), "SHUTOFF", null);
        clock.advance(Duration.ofSeconds(10));
        assertEquals("SHUTOFF", compute.server(server.id()).orElseThrow().status());
        assertEquals(List.of(), compute.drainNewlyActive());
    }

    @Test
    void ruleDuplicatesAreJudgedOnEveryMatchingField() throws Exception {
        String group = network.createGroup("g", null).id();
        network.createRule(group, "ingress", null, "tcp", 22, 22, null, null, null);
        assertThrows(ApiError.class, () -> network.createRule(group, "ingress", "IPv4", "TCP", 22, 22, null, null, "x"));
        network.createRule(group, "ingress", null, "tcp", 22, 22, "10.0.0.0/8", null, null);
        network.createRule(group, "egress", null, "tcp", 22, 22, null, null, null);
        ApiError portsWithoutProtocol = assertThrows(ApiError.class,
                () -> network.createRule(group, "ingress", null, null, 1, 2, null, null, null));
        assertEquals("SecurityGroupProtocolRequiredWithPorts", portsWithoutProtocol.neutronType());
        assertEquals(404, assertThrows(ApiError.class,
                () -> network.createRule("nope", "ingress", null, null, null, null, null, null, null)).status());
    }

    @Test
    void everyProjectHasADefaultGroupThatCannotBeMadeTwice() {
        assertEquals(1, network.groupsNamed("default").size());
        assertEquals(409, assertThrows(ApiError.class, () -> network.createGroup("default", "")).status());
    }

    @Test
    void tokensExpireByTheEmulatorClock() {
        IdentityStore identity = new IdentityStore(clock, "u", "pw", "Default", "p", "Default", Duration.ofMinutes(5));
        String token = identity.authenticate("u", "default", "pw", "p", "Default").orElseThrow().token();
        assertTrue(identity.valid(token));
        assertFalse(identity.authenticate("u", "Default", "wrong", "p", "Default").isPresent());
        assertFalse(identity.authenticate("u", "Other", "pw", "p", "Default").isPresent());
        clock.advance(Duration.ofMinutes(5));
        assertFalse(identity.valid(token));
        assertFalse(identity.valid(null));
    }
}
