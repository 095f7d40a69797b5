package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** OpenStack's JSON conventions: wrapped resources and the services' timestamp formats. */
final class Json {
    /** Nova and Neutron: {@code 2013-09-03T04:01:32Z}. */
    private static final DateTimeFormatter SECONDS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Nova's database timestamps (keypairs, launched_at): {@code 2014-05-07T12:06:13.681238}, UTC, no zone. */
    private static final DateTimeFormatter MICROS_NO_ZONE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    /** Keystone: {@code 2015-11-07T02:58:43.578887Z}. */
    private static final DateTimeFormatter MICROS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    static ObjectNode wrap(String key, JsonNode value) {
        ObjectNode node = JsonNodes.object();
        node.set(key, value);
        return node;
    }

    static String seconds(Instant instant) {
        return SECONDS_Z.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String microsNoZone(Instant instant) {
        return MICROS_NO_ZONE.format(instant);
    }

    static String microsZ(Instant instant) {
        return MICROS_Z.format(instant);
    }

    /** Text of a field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
