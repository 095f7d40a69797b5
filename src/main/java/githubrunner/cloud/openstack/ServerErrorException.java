package githubrunner.cloud.openstack;

/** The cloud failed (5xx). The request may or may not have taken effect. */
public final class ServerErrorException extends CloudException {
    public ServerErrorException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("cloud server error", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.SERVER_ERROR;
    }
}
