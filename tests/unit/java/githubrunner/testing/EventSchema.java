package githubrunner.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The committed JSON schema of the metrics event log (tests/unit/resources/metrics-events.schema.json). */
public final class EventSchema {
    public static final String RESOURCE = "/metrics-events.schema.json";
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(text());

    private EventSchema() {}

    public static String text() {
        try (InputStream in = EventSchema.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about one line; empty when it conforms. */
    public static List<String> problems(String line) {
        return SCHEMA.validate(line, InputFormat.JSON).stream().map(Object::toString).toList();
    }
}
