package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code github-runner cloud-init} as a real process: from the built jar (templates on the
 * classpath) and from the packed .charm (templates in $JUJU_CHARM_DIR/templates), against a
 * manager config written by ManagerConfigFile.
 */
class CloudInitCliIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;

    private static TestVms.Builder everything() {
        return TestVms.vm().proxy("http://proxy.internal:3128").aproxy().mirror("https://mirror.example.com")
                .tmate(TestVms.TMATE).tmateThroughProxy().otel("otel.example.com:4317").contributorCheck()
                .preJobScript("#!/bin/sh\necho preparing\n");
    }

    private Path writeConfig(ManagerConfig config) throws IOException {
        Path file = temp.resolve("config.yaml");
        ManagerConfigFile.write(file, config);
        return file;
    }

    private SystemTools.Run cloudInit(Path jar, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", jar.toString(), "cloud-init"));
        command.addAll(List.of(args));
        return SystemTools.run(command, temp, environment);
    }

    @Test
    void theJarPrintsWhatAVmReceivesAndNoGitHubOrOpenStackCredential() throws Exception {
        ManagerConfig config = SampleManagerConfigs.withToken(everything().contract());
        Path file = writeConfig(config);

        SystemTools.Run run = cloudInit(Path.of(System.getProperty("charm.jar")), Map.of(),
                "--config", file.toString(), "--runner-name", TestVms.RUNNER.value(), "--jit-config", TestVms.JIT);

        assertEquals(0, run.exitCode(), run.stderr());
        String expected = new UserDataRenderer(Templates.bundled()).render(everything().build(),
                new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), config.runners().labels()));
        assertEquals(expected, run.stdout());
        assertTrue(run.stdout().contains("--jitconfig " + TestVms.JIT));
        for (String credential : List.of(SampleManagerConfigs.PAT, SampleManagerConfigs.OPENSTACK_PASSWORD)) {
            assertFalse(run.output().contains(credential), "a credential reached the user data");
        }
        SystemTools.shellcheck(run.stdout(), "sh", "the CLI's user data");
    }

    @Test
    void aGitHubAppKeyNeverReachesTheUserData() throws Exception {
        Path file = writeConfig(SampleManagerConfigs.withApp(everything().contract()));

        SystemTools.Run run = cloudInit(Path.of(System.getProperty("charm.jar")), Map.of(), "--config", file.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(run.output().contains("TestAppKeyMaterial"));
        assertFalse(run.output().contains("PRIVATE KEY"));
    }

    @Test
    void thePackedCharmReadsItsTemplatesDirectory() throws Exception {
        Path charmDir = unpack(Path.of(System.getProperty("charm.file")), temp.resolve("charm"));
        Templates packed = Templates.fromDirectory(charmDir.resolve("templates"));
        assertEquals(Templates.bundled(), packed, "the .charm and the jar carry different templates");
        Path file = writeConfig(SampleManagerConfigs.withToken(everything().contract()));
        Path jar = charmDir.resolve("lib/github-runner.jar");

        SystemTools.Run bundled = cloudInit(jar, Map.of(), "--config", file.toString(), "--runner-name", TestVms.RUNNER.value());
        Files.writeString(charmDir.resolve("templates/user-data.sh.j2"), "# read from the charm directory\n",
                java.nio.file.StandardOpenOption.APPEND);
        SystemTools.Run fromCharmDir = cloudInit(jar, Map.of("JUJU_CHARM_DIR", charmDir.toString()),
                "--config", file.toString(), "--runner-name", TestVms.RUNNER.value());

        assertEquals(0, bundled.exitCode(), bundled.stderr());
        assertEquals(0, fromCharmDir.exitCode(), fromCharmDir.stderr());
        assertFalse(bundled.stdout().contains("# read from the charm directory"));
        assertEquals(bundled.stdout() + "# read from the charm directory\n", fromCharmDir.stdout());
    }

    private static Path unpack(Path charm, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(charm.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("entry outside the charm: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.write(path, in.readAllBytes());
                }
            }
        }
        return target;
    }
}
