package githubrunner.sim.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.sim.http.JsonNodes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an emulated service answers: status, headers and a body (empty for 204). */
record SimReply(int status, Map<String, String> headers, byte[] body) {

    static SimReply json(int status, JsonNode body) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            return new SimReply(status, headers, JsonNodes.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static SimReply noContent() {
        return new SimReply(204, new LinkedHashMap<>(), new byte[0]);
    }

    SimReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimReply(status, copy, body);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
