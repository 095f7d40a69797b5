package githubrunner.cloud.openstack;

/** The Keystone catalog has no public endpoint for a needed service in the configured region. */
public final class EndpointNotFoundException extends CloudException {
    public EndpointNotFoundException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("service endpoint not found", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.ENDPOINT_NOT_FOUND;
    }
}
