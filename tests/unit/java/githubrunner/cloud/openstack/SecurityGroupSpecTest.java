package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityGroupSpecTest {
    private static Wire.Rule rule(String direction, String protocol, Integer min, Integer max, String prefix, String group) {
        return new Wire.Rule("id", direction, "IPv4", protocol, min, max, prefix, group, "sg");
    }

    @Test
    void aNewGroupNeedsAllThreeRules() {
        // Neutron's default egress rules (any protocol) do not count as the tmate rule.
        List<Wire.Rule> defaults = List.of(rule("egress", null, null, null, null, null),
                new Wire.Rule("id6", "egress", "IPv6", null, null, null, null, null, "sg"));
        assertEquals(SecurityGroupSpec.RULES, SecurityGroupSpec.missing(defaults));
        assertEquals(SecurityGroupSpec.RULES, SecurityGroupSpec.missing(null));
    }

    @Test
    void rulesOpenToAnywhereSatisfyTheSpec() {
        List<Wire.Rule> existing = List.of(rule("ingress", "icmp", null, null, null, null),
                rule("ingress", "TCP", 22, 22, "0.0.0.0/0", null), rule("egress", "tcp", 10022, 10022, null, null));
        assertEquals(List.of(), SecurityGroupSpec.missing(existing));
    }

    @Test
    void narrowerRulesDoNotCount() {
        List<Wire.Rule> existing = List.of(rule("ingress", "icmp", null, null, null, "other-group"),
                rule("ingress", "tcp", 22, 22, "10.0.0.0/8", null), rule("egress", "tcp", 10022, 10023, null, null),
                new Wire.Rule("v6", "ingress", "IPv6", "icmp", null, null, null, null, "sg"));
        assertEquals(SecurityGroupSpec.RULES, SecurityGroupSpec.missing(existing));
    }
}
