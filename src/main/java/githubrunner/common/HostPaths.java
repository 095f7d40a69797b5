package githubrunner.common;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one place that turns an absolute host path (/etc/..., /var/lib/...) into the path to use.
 *
 * <p>With {@code GITHUB_RUNNER_ROOT} set, every host path lives under that directory, so the
 * real charm code can run unprivileged in a sandbox (tests, {@code github-runner juju-local}).
 */
public final class HostPaths {
    public static final String ROOT_VARIABLE = "GITHUB_RUNNER_ROOT";

    private final Path root;

    private HostPaths(Path root) {
        this.root = root;
    }

    /** Host paths as they are: the machine's real filesystem. */
    public static HostPaths real() {
        return new HostPaths(null);
    }

    /** Host paths prefixed with {@code root}. */
    public static HostPaths under(Path root) {
        return new HostPaths(root.toAbsolutePath());
    }

    public static HostPaths fromEnvironment(Map<String, String> environment) {
        String root = environment.get(ROOT_VARIABLE);
        return root == null || root.isEmpty() ? real() : under(Path.of(root));
    }

    /** Resolves an absolute host path such as {@code /var/lib/github-runner-manager}. */
    public Path resolve(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute host path: " + absolutePath);
        }
        return root == null ? Path.of(absolutePath) : root.resolve(absolutePath.substring(1));
    }

    /** True when paths are redirected into a sandbox root. */
    public boolean isSandboxed() {
        return root != null;
    }

    @Override
    public String toString() {
        return root == null ? "/" : root.toString();
    }
}
