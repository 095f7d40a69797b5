package githubrunner.cloud.openstack;

/** The connection failed or was closed before an answer came. */
public final class CloudUnreachableException extends CloudException {
    public CloudUnreachableException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("cloud unreachable", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.UNREACHABLE;
    }
}
