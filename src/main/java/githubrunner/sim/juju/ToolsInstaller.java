package githubrunner.sim.juju;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes one small sh script per hook tool, each starting the emulator's tool in a JVM. A
 * class-data archive recorded here first roughly halves each tool's start-up, which dominates
 * hook time.
 */
final class ToolsInstaller {
    private ToolsInstaller() {}

    static void install(Path toolsDir, Path jar) throws IOException {
        Files.createDirectories(toolsDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        Path archive = recordArchive(toolsDir, java, flags, jar);
        if (archive != null) {
            flags.add((archive.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        }
        String command = "exec " + Scripts.quote(java) + " " + String.join(" ", flags.stream().map(Scripts::quote).toList())
                + " -cp " + Scripts.quote(jar.toString()) + " githubrunner.sim.juju.HookToolMain ";
        for (String tool : HookTools.ALL.keySet()) {
            Scripts.write(toolsDir.resolve(tool), "#!/bin/sh\n" + command + tool + " \"$@\"\n");
        }
    }

    /** Returns the archive, or null if the JVM could not record one (tools then start without). */
    private static Path recordArchive(Path toolsDir, String java, List<String> flags, Path jar) {
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = toolsDir.resolve(aot ? "tools.aot" : "tools.jsa");
        try {
            Path scratch = Files.createTempDirectory(toolsDir, "training");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(flags);
            command.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive);
            command.addAll(List.of("-cp", jar.toString(), "githubrunner.sim.juju.HookToolMain", "--train", scratch.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = process.waitFor(2, TimeUnit.MINUTES);
            deleteTree(scratch);
            return done && process.exitValue() == 0 && Files.isRegularFile(archive) ? archive : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
