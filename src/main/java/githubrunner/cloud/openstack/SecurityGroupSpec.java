package githubrunner.cloud.openstack;

import java.util.List;
import java.util.Objects;
import org.openstack4j.api.Builders;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.model.network.builder.NetSecurityGroupRuleBuilder;

/**
 * The project-wide security group every runner VM gets, shared with the Python charm (same name):
 * ICMP and SSH in, tmate (TCP 10022) out. Rules are only ever added, never removed.
 */
final class SecurityGroupSpec {
    static final String NAME = "github-runner-v1";
    static final String DESCRIPTION = "For servers managed by the github-runner charm.";

    /** One wanted rule; null ports mean "any". */
    record RuleSpec(String direction, String protocol, Integer portMin, Integer portMax) {
        static final String ETHERTYPE = "IPv4";

        /** An existing rule satisfies this one if it allows the same traffic from/to anywhere. */
        boolean isSatisfiedBy(Wire.Rule rule) {
            return direction.equals(rule.direction()) && ETHERTYPE.equals(rule.ethertype())
                    && protocol.equalsIgnoreCase(String.valueOf(rule.protocol()))
                    && Objects.equals(portMin, rule.portRangeMin()) && Objects.equals(portMax, rule.portRangeMax())
                    && rule.remoteGroupId() == null
                    && (rule.remoteIpPrefix() == null || rule.remoteIpPrefix().equals("0.0.0.0/0"));
        }

        SecurityGroupRule toRequest(String groupId) {
            NetSecurityGroupRuleBuilder builder = Builders.securityGroupRule()
                    .securityGroupId(groupId).direction(direction).ethertype(ETHERTYPE).protocol(protocol);
            if (portMin != null) {
                builder.portRangeMin(portMin).portRangeMax(portMax);
            }
            return builder.build();
        }

        @Override
        public String toString() {
            return direction + " " + protocol + (portMin == null ? "" : " " + portMin);
        }
    }

    static final List<RuleSpec> RULES = List.of(
            new RuleSpec("ingress", "icmp", null, null),
            new RuleSpec("ingress", "tcp", 22, 22),
            new RuleSpec("egress", "tcp", 10022, 10022));

    private SecurityGroupSpec() {}

    /** The wanted rules that none of the existing ones satisfies. */
    static List<RuleSpec> missing(List<Wire.Rule> existing) {
        List<Wire.Rule> rules = existing == null ? List.of() : existing;
        return RULES.stream().filter(spec -> rules.stream().noneMatch(spec::isSatisfiedBy)).toList();
    }
}
