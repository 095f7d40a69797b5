package githubrunner.sim.openstack;

/**
 * A request the emulated service refuses, with the status and message the real one would give.
 * Each service renders it in its own error format ({@link Errors}).
 *
 * @param neutronType Neutron's error type name (e.g. {@code SecurityGroupRuleExists}); other
 *     services ignore it
 */
final class ApiError extends Exception {
    private final int status;
    private final String neutronType;

    ApiError(int status, String message) {
        this(status, null, message);
    }

    ApiError(int status, String neutronType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.neutronType = neutronType;
    }

    int status() {
        return status;
    }

    String neutronType() {
        return neutronType;
    }
}
