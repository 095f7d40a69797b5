package githubrunner.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@link ManagerConfig} as YAML with kebab-case keys. */
public final class ManagerConfigFile {
    private static final ObjectMapper YAML = ContractYaml.MAPPER;

    private ManagerConfigFile() {}

    public static String toYaml(ManagerConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the manager config", e);
        }
    }

    public static ManagerConfig fromYaml(String yaml) throws IOException {
        return checked(YAML.readValue(yaml, ManagerConfig.class));
    }

    public static ManagerConfig read(Path file) throws IOException {
        return checked(YAML.readValue(file.toFile(), ManagerConfig.class));
    }

    /** A file of another format is refused whole: guessing at it could create runners with the wrong settings. */
    private static ManagerConfig checked(ManagerConfig config) throws IOException {
        if (config.version() != ManagerConfig.VERSION) {
            throw new IOException("manager config version " + config.version() + " is not the version "
                    + ManagerConfig.VERSION + " this manager reads; the charm rewrites it at its next config-changed");
        }
        return config;
    }

    /** Writes the file with mode 0600: it holds the GitHub and OpenStack credentials. */
    public static void write(Path file, ManagerConfig config) throws IOException {
        SecureFiles.writeOwnerOnly(file, toYaml(config));
    }
}
