package githubrunner.cloud.openstack;

/** The VM's private key could not be written to (or removed from) the key directory. */
public final class KeyStorageException extends CloudException {
    public KeyStorageException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("cannot store the SSH key", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.KEY_STORAGE;
    }
}
