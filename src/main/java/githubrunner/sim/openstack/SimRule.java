package githubrunner.sim.openstack;

import java.time.Instant;
import java.util.Objects;

/**
 * A Neutron security group rule. Null fields mean "any", as in Neutron.
 *
 * @param protocol e.g. {@code tcp}, {@code icmp}, or null for any
 */
public record SimRule(String id, String securityGroupId, String direction, String ethertype, String protocol,
                      Integer portRangeMin, Integer portRangeMax, String remoteIpPrefix, String remoteGroupId,
                      String description, String projectId, Instant createdAt) {

    /** Neutron refuses a rule that matches an existing one in everything but id and description. */
    boolean sameAs(SimRule other) {
        return securityGroupId.equals(other.securityGroupId) && direction.equals(other.direction)
                && ethertype.equals(other.ethertype) && Objects.equals(protocol, other.protocol)
                && Objects.equals(portRangeMin, other.portRangeMin) && Objects.equals(portRangeMax, other.portRangeMax)
                && Objects.equals(remoteIpPrefix, other.remoteIpPrefix)
                && Objects.equals(remoteGroupId, other.remoteGroupId);
    }
}
