package githubrunner.cloud.openstack;

/** The project's quota (instances, cores, RAM, keypairs) is used up: Nova answered 403 "Quota exceeded ...". */
public final class QuotaExceededException extends CloudException {
    public QuotaExceededException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("quota exceeded", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.QUOTA;
    }
}
