package githubrunner.cloudinit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The VM templates, as text. They live in {@code templates/} at the repository root, which is
 * packed both into the .charm ({@code $JUJU_CHARM_DIR/templates}) and into the jar (resources
 * under {@code templates/}), so the same files serve the charm, the manager and the CLI.
 */
public record Templates(String userData, String env, String preJob) {
    static final String USER_DATA = "user-data.sh.j2";
    static final String ENV = "env.j2";
    static final String PRE_JOB = "pre-job.sh.j2";

    /** The templates bundled in the jar. */
    public static Templates bundled() {
        return new Templates(resource(USER_DATA), resource(ENV), resource(PRE_JOB));
    }

    public static Templates fromDirectory(Path directory) throws IOException {
        return new Templates(Files.readString(directory.resolve(USER_DATA)), Files.readString(directory.resolve(ENV)),
                Files.readString(directory.resolve(PRE_JOB)));
    }

    /** The charm's {@code templates/} when run from a charm directory, else the bundled ones. */
    public static Templates locate(Map<String, String> environment) throws IOException {
        String charmDir = environment.get("JUJU_CHARM_DIR");
        if (charmDir != null && !charmDir.isEmpty() && Files.isRegularFile(Path.of(charmDir, "templates", USER_DATA))) {
            return fromDirectory(Path.of(charmDir, "templates"));
        }
        return bundled();
    }

    private static String resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is not bundled in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
