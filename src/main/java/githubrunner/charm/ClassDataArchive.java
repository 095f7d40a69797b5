package githubrunner.charm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the class-data archive that {@code dispatch} hands to the JVM: AppCDS on JDK 17-24,
 * the AOT cache (JEP 514) on 25+. It maps the classes a hook loads straight from disk, roughly
 * halving hook start-up. An archive only fits the exact JVM and jar it was made with, so it is
 * made at install and upgrade-charm, by running {@code train-archive} with dispatch's own flags.
 */
public final class ClassDataArchive {
    /** Flags dispatch uses; the archive must be made with the same ones. */
    static final List<String> HOOK_JVM_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

    private final Path charmDir;
    private final HostCommands commands;

    public ClassDataArchive(Path charmDir, HostCommands commands) {
        this.charmDir = charmDir;
        this.commands = commands;
    }

    public Path directory() {
        return charmDir.resolve(".jvm");
    }

    /** Replaces any old archive; on failure hooks simply start without one. */
    public void create() {
        Path jar = charmDir.resolve("lib/github-runner.jar");
        if (!Files.isRegularFile(jar)) {
            LOG.warn("no {}: hooks start without a class-data archive", jar);
            return;
        }
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = directory().resolve(aot ? "hooks.aot" : "hooks.jsa");
        Path partial = directory().resolve(archive.getFileName() + ".partial");
        try {
            Files.createDirectories(directory());
            Files.deleteIfExists(directory().resolve("hooks.aot"));
            Files.deleteIfExists(directory().resolve("hooks.jsa"));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(HOOK_JVM_FLAGS);
            command.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + partial);
            command.addAll(List.of("-cp", jar.toString(), "githubrunner.Main", "train-archive"));
            HostCommands.Result result = commands.run(command);
            if (!result.succeeded() || !Files.isRegularFile(partial)) {
                LOG.warn("class-data archive not created (exit {}): {}", result.exitCode(), tail(result.output()));
                Files.deleteIfExists(partial);
                return;
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("class-data archive {} created ({} KiB)", archive.getFileName(), Files.size(archive) / 1024);
        } catch (IOException e) {
            LOG.warn("class-data archive not created: {}", e.getMessage());
        }
    }

    private static String tail(String output) {
        return output.length() > 2000 ? output.substring(output.length() - 2000) : output;
    }
}
