package githubrunner.sim.openstack;

import java.time.Instant;

/**
 * A Neutron network; servers on it get addresses {@code 10.<index>.x.y}.
 *
 * @param index second octet of the addresses handed out on this network
 */
public record SimNetwork(String id, String name, int index, Instant createdAt) {}
