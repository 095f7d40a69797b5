package githubrunner.sim.openstack;

/** A Nova flavor: what a server of it costs in quota. */
public record SimFlavor(String id, String name, int vcpus, int ramMb, int diskGb) {}
