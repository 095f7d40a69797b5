package githubrunner.sim.juju;

/** A hook tool failure: printed as {@code ERROR <message>} on stderr with Juju's exit code. */
final class ToolError extends Exception {
    final int exitCode;

    private ToolError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A runtime failure: exit 1. */
    static ToolError runtime(String message) {
        return new ToolError(message, 1);
    }

    /** Bad flags or arguments: exit 2. */
    static ToolError usage(String message) {
        return new ToolError(message, 2);
    }
}
