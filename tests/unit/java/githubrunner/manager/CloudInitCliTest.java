package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloudinit.RunnerBootstrap;
import githubrunner.cloudinit.SampleManagerConfigs;
import githubrunner.cloudinit.Templates;
import githubrunner.cloudinit.TestVms;
import githubrunner.cloudinit.UserDataRenderer;
import githubrunner.contract.ManagerConfigFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code github-runner cloud-init} in-process; CloudInitCliIT runs the real jar and charm. */
class CloudInitCliTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CloudInitCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(TestVms.Builder vm) throws Exception {
        Path file = temp.resolve("config.yaml");
        ManagerConfigFile.write(file, SampleManagerConfigs.withToken(vm.contract()));
        return file;
    }

    @Test
    void printsTheUserDataOfTheNamedRunner() throws Exception {
        int exit = run("--config", config(TestVms.vm().mirror("https://mirror.example.com")).toString(),
                "--runner-name", TestVms.RUNNER.value(), "--jit-config", TestVms.JIT);

        assertEquals(0, exit, stderr());
        assertEquals(new UserDataRenderer(Templates.bundled()).render(TestVms.vm().mirror("https://mirror.example.com").build(),
                new RunnerBootstrap(TestVms.RUNNER, githubrunner.common.Secret.of(TestVms.JIT),
                        java.util.List.of("large", "self-hosted", "x64", "jammy"))), stdout());
        assertTrue(stderr().matches("# [0-9]+ of 65535 bytes \\(base64\\) allowed by Nova\n"), stderr());
    }

    @Test
    void withoutARunnerItMakesUpANameAndAPlaceholder() throws Exception {
        assertEquals(0, run("--config", config(TestVms.vm()).toString()), stderr());

        assertTrue(stdout().matches("(?s).*\nhostnamectl set-hostname github-runner-0-[0-9a-f]{12}\n.*"), stdout());
        assertTrue(stdout().contains("./run.sh --jitconfig " + CloudInitCli.JIT_PLACEHOLDER + "'\n"));
    }

    @Test
    void aNameOfAnotherUnitIsRefused() throws Exception {
        assertEquals(2, run("--config", config(TestVms.vm()).toString(), "--runner-name", "github-runner-1-0123456789ab"));
        assertTrue(stderr().contains("is not github-runner-0-<12 hex digits>"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void invalidSettingsAreReported() throws Exception {
        Path file = config(TestVms.vm());
        Files.writeString(file, Files.readString(file).replace("use-aproxy: false", "use-aproxy: false\n  dockerhub-mirror: \"http://x\""));

        assertEquals(1, run("--config", file.toString()));
        assertTrue(stderr().startsWith("error: Invalid dockerhub-mirror"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void aBrokenConfigIsReportedWithoutItsContent() throws Exception {
        Path file = config(TestVms.vm());
        Files.writeString(file, Files.readString(file).replace("base-virtual-machines: 2", "base-virtual-machines: [" + SampleManagerConfigs.PAT));

        assertEquals(1, run("--config", file.toString()));
        assertTrue(stderr().startsWith("error: the manager config is not valid (line "), stderr());
        assertFalse(stderr().contains(SampleManagerConfigs.PAT), stderr());
    }

    @Test
    void usage() throws Exception {
        assertEquals(2, run());
        assertTrue(stderr().startsWith("usage: github-runner cloud-init --config MANAGER_CONFIG"));
        assertEquals(2, run("--config"));
        assertEquals(2, run("--config", "x", "--jitconfig", "y"));
        assertTrue(stderr().contains("unexpected argument '--jitconfig'"), stderr());
        assertEquals(0, run("--help"));
        assertTrue(stdout().startsWith("usage: "));
        assertEquals(1, run("--config", temp.resolve("missing.yaml").toString()));
    }
}
