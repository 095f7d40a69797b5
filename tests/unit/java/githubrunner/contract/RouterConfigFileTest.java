package githubrunner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigFileTest {
    private static final String HAND_WRITTEN = """
            version: 1
            unit: router-0
            listen-address: 0.0.0.0
            port: 8080
            mongodb-uri: mongodb://user:pw@db:27017/github-runner-webhook-router
            flavours:
              - large: [arm64, large]
              - small: [x64]
            default-flavour: small
            default-labels: [self-hosted, linux]
            webhook-secret: 12345
            """;

    @Test
    void aHandWrittenFileWithANumericSecretIsRead() throws Exception {
        RouterConfig config = RouterConfigFile.fromYaml(HAND_WRITTEN);
        assertEquals("12345", config.webhookSecret().reveal());
        assertEquals("small", config.defaultFlavour());
        assertFalse(config.allowUnsigned());
        assertEquals(RouterConfig.DEFAULT_JOB_DEDUPE_WINDOW_SECONDS, config.jobWindowSeconds());
        assertFalse(config.toString().contains("12345"));
        assertFalse(config.toString().contains("pw"));
    }

    @Test
    void writtenOwnerOnlyAndReadBackEqual(@TempDir Path dir) throws Exception {
        RouterConfig config = RouterConfigFile.fromYaml(HAND_WRITTEN);
        Path file = dir.resolve("router.yaml");
        RouterConfigFile.write(file, config);
        assertEquals(SecureFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(file));
        assertEquals(config, RouterConfigFile.read(file));
    }

    @Test
    void theReadmesExampleIsAValidConfig() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\nversion: 1");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 8));
        RouterConfig config = RouterConfigFile.fromYaml(yaml);
        assertEquals("my-org", config.github().path().owner());
        assertEquals(2, RoutingRules.fromTree(config.flavours(), config.defaultFlavour(), "self-hosted",
                RoutingRules.OptionNames.ROUTER_FILE).flavours().size());
    }

    @Test
    void anotherVersionIsRefused() {
        assertThrows(IOException.class, () -> RouterConfigFile.fromYaml(HAND_WRITTEN.replace("version: 1", "version: 9")));
    }
}
