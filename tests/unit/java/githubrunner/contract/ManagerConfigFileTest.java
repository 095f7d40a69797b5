package githubrunner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerConfigFileTest {
    @TempDir Path dir;

    static ManagerConfig sample() {
        return new ManagerConfig(ManagerConfig.VERSION, "github-runner/0", "github-runner", "github-runner-0",
                new ManagerConfig.GitHub("https://api.github.com", ManagerConfig.GitHubPath.organisation("canonical", "default"),
                        ManagerConfig.GitHubAuth.app("Iv23li", 7, Secret.of("-----BEGIN RSA PRIVATE KEY-----\nx\n"))),
                new ManagerConfig.OpenStack("https://keystone:5000/v3", "u", Secret.of("pw"), "p", "Default", "Default",
                        "RegionOne", "net", "m1.small"),
                new ManagerConfig.Runners("img", List.of("x64", "large"), 2, 5), 5,
                ManagerConfig.Proxy.NONE,
                new ManagerConfig.Vm(new ManagerConfig.Proxy("http://proxy:3128", null, null), true, List.of("10.0.0.0/8"),
                        List.of("80", "443"), null, "#!/bin/sh\necho hi\n", false,
                        List.of(new ManagerConfig.TmateServer("10.1.1.1", 10022, "SHA256:a", "SHA256:b")), true,
                        "otel:4317"),
                null, "INFO", 55555, "/var/log/github-runner-metrics.log", Secret.of("api-token"),
                new ManagerConfig.Reactive(Secret.of("mongodb://u:p@10.0.0.1:27017/github-runner-webhook-router"),
                        "github-runner-webhook-router", "github-runner"), List.of());
    }

    @Test
    void roundTripsThroughYamlWithOwnerOnlyMode() throws Exception {
        Path file = dir.resolve("config.yaml");
        ManagerConfigFile.write(file, sample());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(sample(), ManagerConfigFile.read(file));
        String yaml = Files.readString(file);
        assertTrue(yaml.contains("reconcile-interval-minutes: 5"), yaml);
        assertTrue(yaml.contains("pre-job-script: |"), "multi-line script kept readable:\n" + yaml);
    }

    @Test
    void unknownKeysAreRejected() {
        String yaml = ManagerConfigFile.toYaml(sample()) + "typo-key: 1\n";
        assertThrows(Exception.class, () -> ManagerConfigFile.fromYaml(yaml));
    }

    @Test
    void anotherVersionIsRefusedWithTheReason() {
        String yaml = ManagerConfigFile.toYaml(sample()).replace("version: " + ManagerConfig.VERSION + "\n", "version: 1\n");
        var error = assertThrows(java.io.IOException.class, () -> ManagerConfigFile.fromYaml(yaml));
        assertTrue(error.getMessage().contains("version 1 is not the version " + ManagerConfig.VERSION), error.getMessage());
    }
}
