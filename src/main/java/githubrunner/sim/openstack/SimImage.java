package githubrunner.sim.openstack;

import java.time.Instant;

/** A Glance image. */
public record SimImage(String id, String name, Instant createdAt) {}
