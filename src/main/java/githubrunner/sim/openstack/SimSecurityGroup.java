package githubrunner.sim.openstack;

import java.time.Instant;

/** A Neutron security group (its rules are {@link SimRule}s). */
public record SimSecurityGroup(String id, String name, String description, String projectId, Instant createdAt) {}
