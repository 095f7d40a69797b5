package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The emulators import nothing from the production packages, so an emulator cannot share a bug
 * with the client it checks (DESIGN.md).
 */
class SimIndependenceTest {
    /** Any reference to githubrunner.X where X is not "sim" (imports and fully qualified names). */
    private static final Pattern PRODUCTION = Pattern.compile("\\bgithubrunner\\.(?!sim\\b)[a-z]\\w*");

    @Test
    void emulatorSourcesReferenceOnlyEmulatorPackages() throws IOException {
        Path sim = Path.of("src/main/java/githubrunner/sim");
        assertTrue(Files.isDirectory(sim), "run from the module directory");
        List<String> offending;
        try (Stream<Path> files = Files.walk(sim)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).filter(line -> PRODUCTION.matcher(line).find()).map(line -> p + ": " + line.strip()))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
