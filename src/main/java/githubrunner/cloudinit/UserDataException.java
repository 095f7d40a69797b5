package githubrunner.cloudinit;

/**
 * A VM's user data cannot be made: a value is invalid or unsafe, a template is broken, or the
 * result is larger than Nova accepts. The message names the offending setting but never holds a
 * secret (JIT config, proxy credentials) or the pre-job script.
 */
public final class UserDataException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserDataException(String message) {
        super(message);
    }
}
