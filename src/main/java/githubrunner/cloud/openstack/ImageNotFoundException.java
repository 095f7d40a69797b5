package githubrunner.cloud.openstack;

/** Nova cannot find the image the server was to boot from. */
public final class ImageNotFoundException extends CloudException {
    public ImageNotFoundException(String operation, int httpStatus, String serverMessage, Throwable cause) {
        super("image not found", operation, httpStatus, serverMessage, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.IMAGE_NOT_FOUND;
    }
}
