package githubrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of docs/DESIGN.md point one way: charm -> contract <- manager -> clients. Each
 * top-level package may reference only the packages listed here; a new package must say what it
 * depends on. (sim/ is held to importing nothing of production by SimIndependenceTest.)
 */
class ArchitectureTest {
    private static final Set<String> CLIENT_BASE = Set.of("common");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("common", Set.of()),
            Map.entry("juju", Set.of("common")),
            Map.entry("contract", Set.of("common")),
            Map.entry("charm", Set.of("common", "juju", "contract")),
            Map.entry("github", CLIENT_BASE),
            Map.entry("cloud", CLIENT_BASE),
            Map.entry("cloudinit", CLIENT_BASE),
            Map.entry("manager", Set.of("common", "contract", "github", "cloud", "cloudinit", "reactive", "metrics")),
            Map.entry("metrics", Set.of("common")),
            Map.entry("reactive", Set.of("common", "contract", "github")),
            Map.entry("router", Set.of("common", "contract", "reactive", "github", "metrics")),
            Map.entry("sim", Set.of()));
    private static final Pattern REFERENCE = Pattern.compile("\\bgithubrunner\\.([a-z]\\w*)\\b");
    private static final Path SOURCES = Path.of("src/main/java/githubrunner");

    @Test
    void everyPackageReferencesOnlyWhatItMay() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the module directory");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() == 1) {
                    continue; // Main and Version: the entry point reaches every package
                }
                String own = relative.getName(0).toString();
                Set<String> allowed = ALLOWED.get(own);
                if (allowed == null) {
                    offending.add(own + ": a new package; add its dependencies to ArchitectureTest");
                    continue;
                }
                for (String line : lines(file)) {
                    Matcher reference = REFERENCE.matcher(line);
                    while (reference.find()) {
                        String target = reference.group(1);
                        if (!target.equals(own) && !allowed.contains(target) && isPackage(target)) {
                            offending.add(relative + " -> githubrunner." + target + ": " + line.strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    /** Only packages count: githubrunner.log.level is a property name, not a package. */
    private static boolean isPackage(String name) {
        return Files.isDirectory(SOURCES.resolve(name));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
