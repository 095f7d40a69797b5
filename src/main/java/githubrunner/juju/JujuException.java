package githubrunner.juju;

/** A hook tool failed. Subclasses name the failures the charm reacts to. */
public class JujuException extends RuntimeException {
    private final String tool;
    private final int exitCode;

    public JujuException(String tool, int exitCode, String message) {
        super(tool + " failed (exit " + exitCode + "): " + message);
        this.tool = tool;
        this.exitCode = exitCode;
    }

    public String tool() { return tool; }

    public int exitCode() { return exitCode; }

    /** {@code relation not found}: the relation is gone (broken) or was never visible. */
    public static final class RelationNotFound extends JujuException {
        public RelationNotFound(String tool, int exitCode, String message) { super(tool, exitCode, message); }
    }

    /** {@code secret-get}: the secret does not exist. */
    public static final class SecretNotFound extends JujuException {
        public SecretNotFound(String tool, int exitCode, String message) { super(tool, exitCode, message); }
    }

    /** A leader-only operation run by a non-leader. */
    public static final class NotLeader extends JujuException {
        public NotLeader(String tool, int exitCode, String message) { super(tool, exitCode, message); }
    }

    /** The unit may not read or write this (e.g. a secret that was never granted). */
    public static final class PermissionDenied extends JujuException {
        public PermissionDenied(String tool, int exitCode, String message) { super(tool, exitCode, message); }
    }

    /** Maps a tool's {@code ERROR ...} text to the typed failure, as ops does (juju.md §2.0). */
    public static JujuException from(String tool, int exitCode, String stderr) {
        String text = stderr.strip();
        if (text.startsWith("ERROR ")) {
            text = text.substring("ERROR ".length());
        }
        if (text.contains("relation not found")) {
            return new RelationNotFound(tool, exitCode, text);
        }
        if (tool.startsWith("secret-") && text.contains("not found")) {
            return new SecretNotFound(tool, exitCode, text);
        }
        if (text.contains("not the leader") || text.contains("cannot write relation settings")) {
            return new NotLeader(tool, exitCode, text);
        }
        if (text.contains("permission denied")) {
            return new PermissionDenied(tool, exitCode, text);
        }
        return new JujuException(tool, exitCode, text);
    }
}
