package githubrunner.cloud.openstack;

/** Keystone refused the credentials, or a service refused the token after a fresh authentication. */
public final class AuthenticationFailedException extends CloudException {
    public AuthenticationFailedException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("authentication failed", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.AUTHENTICATION;
    }
}
