package githubrunner.sim.openstack;

/**
 * Nova quotas for the project; -1 means unlimited, as Nova reports it.
 *
 * @param ramMb total RAM in MiB
 * @param keypairs key pairs per user; Nova's default is 100, which caps a unit that makes one
 *     keypair per VM at 100 runners unless the operator raises it
 */
public record Quotas(int instances, int cores, int ramMb, int keypairs) {
    public static final int DEFAULT_KEYPAIRS = 100;
    public static final Quotas UNLIMITED = new Quotas(-1, -1, -1);

    /** Instance, core and RAM quotas with Nova's default keypair quota. */
    public Quotas(int instances, int cores, int ramMb) {
        this(instances, cores, ramMb, DEFAULT_KEYPAIRS);
    }
}
