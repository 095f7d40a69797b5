package githubrunner.sim.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try the charm without Juju" commands, run by bash exactly as written (after the
 * build line, which this test runs after): emulators, the packed charm through juju-local, a
 * runner manager that brings two runners online, then stop.
 */
class ReadmeJujuLocalIT {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    @TempDir Path work;

    @AfterEach
    void stopWhatAFailedRunLeft() throws Exception {
        Path unit = work.resolve(".juju-local");
        if (Files.exists(unit.resolve("state.json"))) {
            JujuLocal.open(unit).stopServices();
        }
        if (Files.exists(unit.resolve("emulators/ready"))) {
            JujuLocalCli.run(new String[] {"--dir", unit.toString(), "emulators", "stop"});
        }
        Files.deleteIfExists(work.resolve("target"));   // the link only: the build's target stays
    }

    static String example() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Try the charm without Juju"));
        Matcher block = SH_BLOCK.matcher(section);
        assertTrue(block.find(), "the section has a sh block");
        return block.group(1);
    }

    @Test
    void theJujuLocalExampleWorksAsWritten() throws Exception {
        String example = example();
        List<String> lines = example.lines().toList();
        assertTrue(lines.get(0).startsWith("./mvnw -B package"), "the example starts with the build: " + lines.get(0));
        Files.writeString(work.resolve("example.sh"), String.join("\n", lines.subList(1, lines.size())) + "\n");
        Path target = Path.of(System.getProperty("charm.jar", "target/github-runner.jar")).toAbsolutePath().getParent();
        Files.createSymbolicLink(work.resolve("target"), target);

        Process bash = new ProcessBuilder("bash", "-e", "-O", "expand_aliases", "example.sh")
                .directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertTrue(bash.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, bash.exitValue(), out);

        assertTrue(out.contains("unit status: blocked  Please provide image integration."), out);
        assertTrue(out.contains("github-runner/0  active  2 idle, 0 busy, 2 expected"), out);
        assertTrue(Pattern.compile("update-status ran at [0-9:]{8} \\([0-9]+ s ago, exit 0\\)").matcher(out).find(),
                "status says when update-status ran:\n" + out);
        assertTrue(out.contains("status: completed\nonline: 2\n"), out);
        assertTrue(out.contains("stop: exit 0") && out.contains("emulators stopped"), out);
        assertEquals(List.of(), Files.list(work.resolve(".juju-local/root/run/fake-systemd")).toList(),
                "no service left running");
    }
}
