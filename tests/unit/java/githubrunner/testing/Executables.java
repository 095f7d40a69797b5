package githubrunner.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a system tool a test runs; fails, never skips, when it is missing: CI installs them (.ci/install-deps). */
public final class Executables {
    private Executables() {}

    public static String require(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(tool + " is not installed; run .ci/install-deps");
    }
}
