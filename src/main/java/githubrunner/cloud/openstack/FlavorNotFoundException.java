package githubrunner.cloud.openstack;

/** The configured flavor does not exist (by id or name), or Nova refused it. */
public final class FlavorNotFoundException extends CloudException {
    public FlavorNotFoundException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("flavor not found", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.FLAVOR_NOT_FOUND;
    }
}
