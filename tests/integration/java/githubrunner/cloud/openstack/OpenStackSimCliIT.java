package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code github-runner sim openstack} from the packed jar: prints its Keystone URL and serves the client. */
class OpenStackSimCliIT {
    @TempDir
    Path dir;

    @Test
    void startsTheEmulatorAndPrintsItsKeystoneUrl() throws Exception {
        Path jar = Path.of(System.getProperty("charm.jar", "target/github-runner.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " missing: integration tests run after ./mvnw package");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "sim", "openstack", "--port", "0", "--password", "cli-pass",
                "--region", "CliRegion", "--build-seconds", "0")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String url = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/identity/v3"), url);

            var config = new OpenStackTarget(url, "github-runner", Secret.of("cli-pass"), "github-runner",
                    "Default", "Default", "CliRegion", "external-network", "m1.tiny");
            OpenStackCloud cloud = new OpenStackCloud(config, "cli-0", dir.resolve("keys"));
            cloud.ensureSecurityGroup();
            String image = Files.readString(dir.resolve("stderr.txt")).lines()
                    .filter(l -> l.startsWith("# image ")).findFirst().orElseThrow().split(" ")[2];
            CloudServer server = cloud.createServer(InstanceName.generate("cli-0"), image, "#!/bin/sh\n", Map.of());
            List<CloudServer> listed = cloud.listServers();
            assertEquals(List.of(server.id()), listed.stream().map(CloudServer::id).toList());
            assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("auth_url: " + url));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the emulator stops on SIGTERM");
        }
    }
}
