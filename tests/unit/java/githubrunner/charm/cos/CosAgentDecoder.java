package githubrunner.charm.cos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a cos-agent unit bag's {@code config} as the requirer does (written from the library's
 * spec, reference/juju.md §4b, not from our writer): the required fields, each dashboard
 * base64-decoded and XZ-decompressed.
 */
public final class CosAgentDecoder {
    static final List<String> REQUIRED = List.of("metrics_alert_rules", "log_alert_rules", "dashboards",
            "metrics_scrape_jobs", "log_slots");
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Decoded(JsonNode config, List<JsonNode> dashboards) {}

    private CosAgentDecoder() {}

    public static Decoded decode(String config) throws IOException {
        JsonNode root = JSON.readTree(config);
        for (String field : REQUIRED) {
            if (!root.has(field) || root.get(field).isNull()) {
                throw new IOException("required field missing: " + field);
            }
        }
        if (!root.get("dashboards").isArray() || !root.get("metrics_scrape_jobs").isArray()
                || !root.get("metrics_alert_rules").isObject() || !root.get("log_alert_rules").isObject()) {
            throw new IOException("a field has the wrong type");
        }
        List<JsonNode> dashboards = new ArrayList<>();
        for (JsonNode encoded : root.get("dashboards")) {
            byte[] xz = Base64.getDecoder().decode(encoded.asText());
            try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(xz))) {
                dashboards.add(JSON.readTree(in.readAllBytes()));
            }
        }
        return new Decoded(root, dashboards);
    }
}
