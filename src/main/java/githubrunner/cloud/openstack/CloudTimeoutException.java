package githubrunner.cloud.openstack;

/** No answer within the read or connect timeout. The request may or may not have taken effect. */
public final class CloudTimeoutException extends CloudException {
    public CloudTimeoutException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("timed out", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TIMEOUT;
    }
}
