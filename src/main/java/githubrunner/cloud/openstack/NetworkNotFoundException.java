package githubrunner.cloud.openstack;

/** The configured network does not exist (by name or id), or Nova refused it. */
public final class NetworkNotFoundException extends CloudException {
    public NetworkNotFoundException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("network not found", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NETWORK_NOT_FOUND;
    }
}
