package githubrunner.reactive;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Reads and writes {@link ConsumerConfig} as YAML (kebab-case keys, as the manager's own config), mode 0600. */
public final class ConsumerConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // records only: the client settings' isApp() and isOrganisation() are no fields
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private ConsumerConfigFile() {}

    public static void write(Path file, ConsumerConfig config) throws IOException {
        SecureFiles.writeOwnerOnly(file, YAML.writeValueAsString(config));
    }

    /**
     * @throws IOException if unreadable, of another version, or readable or writable by others (it
     *     holds credentials: refusing it beats using a file someone else may have written)
     */
    public static ConsumerConfig read(Path file) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw new IOException(file + " is accessible to other users (mode must be 0600)");
        }
        ConsumerConfig config = YAML.readValue(file.toFile(), ConsumerConfig.class);
        if (config.version() != ConsumerConfig.VERSION) {
            throw new IOException("consumer config version " + config.version() + " is not " + ConsumerConfig.VERSION);
        }
        if (config.mongodb() == null || config.mongodb().uri() == null || config.github() == null
                || config.manager() == null || config.limits() == null) {
            throw new IOException(file + " lacks mongodb, github, manager or limits");
        }
        return config;
    }
}
