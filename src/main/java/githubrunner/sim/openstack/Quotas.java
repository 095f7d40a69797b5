package githubrunner.sim.openstack;

/**
 * Nova quotas for the project; -1 means unlimited, as Nova reports it.
 *
 * @param ramMb total RAM in MiB
 */
public record Quotas(int instances, int cores, int ramMb) {
    public static final Quotas UNLIMITED = new Quotas(-1, -1, -1);
}
