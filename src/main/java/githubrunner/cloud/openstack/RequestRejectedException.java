package githubrunner.cloud.openstack;

/** The cloud refused the request (a 4xx other than the cases with their own type). */
public final class RequestRejectedException extends CloudException {
    public RequestRejectedException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("request rejected", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.REJECTED;
    }
}
