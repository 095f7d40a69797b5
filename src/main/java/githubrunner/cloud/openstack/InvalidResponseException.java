package githubrunner.cloud.openstack;

/** The cloud answered with something that fails validation (wrong status, shape or content). */
public final class InvalidResponseException extends CloudException {
    public InvalidResponseException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("invalid response", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_RESPONSE;
    }
}
