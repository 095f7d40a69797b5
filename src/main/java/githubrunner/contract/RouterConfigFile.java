package githubrunner.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@link RouterConfig} as YAML with kebab-case keys, mode 0600. */
public final class RouterConfigFile {
    private static final ObjectMapper YAML = ContractYaml.MAPPER;

    private RouterConfigFile() {}

    public static String toYaml(RouterConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the webhook router config", e);
        }
    }

    public static RouterConfig fromYaml(String yaml) throws IOException {
        return checked(YAML.readValue(yaml, RouterConfig.class));
    }

    public static RouterConfig read(Path file) throws IOException {
        return checked(YAML.readValue(file.toFile(), RouterConfig.class));
    }

    public static void write(Path file, RouterConfig config) throws IOException {
        SecureFiles.writeOwnerOnly(file, toYaml(config));
    }

    private static RouterConfig checked(RouterConfig config) throws IOException {
        if (config == null || config.version() != RouterConfig.VERSION) {
            throw new IOException("webhook router config version " + (config == null ? "none" : config.version())
                    + " is not the version " + RouterConfig.VERSION + " this router reads");
        }
        return config;
    }
}
