package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code github-runner sim mongodb} and {@code github-runner consumer} as commands of the packed jar. */
class ReactiveCliIT {
    @TempDir
    Path dir;

    private static ProcessBuilder jar(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("charm.jar", "target/github-runner.jar")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static String run(int expectedExit, String... args) throws Exception {
        Process process = jar(args).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, process.exitValue(), output);
        return output;
    }

    @Test
    void simMongodbServesKombuUntilStopped() throws Exception {
        Process server = jar("sim", "mongodb", "--port", "0").redirectErrorStream(false).start();
        try {
            String uri = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(uri.matches("mongodb://127\\.0\\.0\\.1:[0-9]+/github-runner-webhook-router"), uri);
            Kombu.put(uri, "large", List.of("{\"labels\":[]}"));
            assertEquals("{\"labels\":[]}", Kombu.get(uri, "large", 1).get(0).path("body").asText());
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(run(2, "sim", "mongodb", "--bogus").contains("unknown option --bogus"));
    }

    @Test
    void theConsumerRefusesAMissingOrSharedConfigWithoutStarting() throws Exception {
        assertTrue(run(2, "consumer").contains("usage: github-runner consumer --config FILE"));
        assertTrue(run(2, "consumer", "--config", dir.resolve("none.yaml").toString()).contains("cannot use"));
        Path shared = dir.resolve("consumer.yaml");
        ConsumerConfigFile.write(shared, ConsumerSupervisorTest.config());
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        String output = run(2, "consumer", "--config", shared.toString());
        assertTrue(output.contains("accessible to other users"), output);
        assertTrue(!output.contains(ConsumerSupervisorTest.PASSWORD), output);
    }
}
