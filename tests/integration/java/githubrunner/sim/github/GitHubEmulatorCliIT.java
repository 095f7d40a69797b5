package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code github-runner sim github} from the packed jar, as a simulator or a developer starts it. */
class GitHubEmulatorCliIT {
    private static final String JAR = System.getProperty("charm.jar", "target/github-runner.jar");

    @Test
    void servesTheApiOnTheUrlItPrints() throws Exception {
        Process process = start("sim", "github", "--port", "0", "--token", "ghp_cli", "--repo", "octo/repo",
                "--group", "octo-org/large");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String url = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(url != null && url.matches("http://127\\.0\\.0\\.1:[0-9]+"), "printed: " + url);
            EmulatorHttp http = new EmulatorHttp(url);

            assertEquals(200, http.get("/repos/octo/repo/actions/runners", "Bearer ghp_cli").status());
            assertEquals(401, http.get("/repos/octo/repo/actions/runners", "Bearer other").status());
            assertEquals(2, http.get("/orgs/octo-org/actions/runner-groups", "Bearer ghp_cli").json()
                    .get("total_count").asInt());
            assertEquals(201, http.post("/_emulator/jobs", null, Map.of("owner", "octo", "repo", "repo",
                    "labels", List.of("x64"), "duration_ms", 10)).status());
            assertEquals(1, http.get("/_emulator/stats", null).json().at("/jobs/queued").asInt());
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void explainsWhatItCannotDo() throws Exception {
        assertEquals(2, run("sim", "nosuchcloud"));
        assertEquals(2, run("sim"));
        assertEquals(2, run("sim", "github", "--bogus"));
        assertEquals(0, run("sim", "github", "--help"));
    }

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int run(String... args) throws Exception {
        Process process = start(args);
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }
}
