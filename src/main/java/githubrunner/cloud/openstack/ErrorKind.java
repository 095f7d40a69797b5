package githubrunner.cloud.openstack;

/** Why an OpenStack call failed; also the label of the error counters. */
public enum ErrorKind {
    AUTHENTICATION(false, false),
    QUOTA(false, false),
    IMAGE_NOT_FOUND(false, false),
    FLAVOR_NOT_FOUND(false, false),
    NETWORK_NOT_FOUND(false, false),
    ENDPOINT_NOT_FOUND(false, false),
    REJECTED(false, false),
    SERVER_ERROR(true, true),
    TIMEOUT(true, true),
    UNREACHABLE(true, true),
    INVALID_RESPONSE(false, true),
    KEY_STORAGE(false, false);

    private final boolean transientFailure;
    private final boolean ambiguous;

    ErrorKind(boolean transientFailure, boolean ambiguous) {
        this.transientFailure = transientFailure;
        this.ambiguous = ambiguous;
    }

    /** Worth retrying, if the operation is idempotent. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The request may have taken effect although it failed (lost or garbled answer, 5xx). */
    public boolean isAmbiguous() {
        return ambiguous;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
