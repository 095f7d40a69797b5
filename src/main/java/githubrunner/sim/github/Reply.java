package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.sim.http.JsonNodes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, raw body (JSON unless said otherwise) and extra headers. */
record Reply(int status, byte[] body, Map<String, String> headers) {
    static Reply json(int status, JsonNode body) {
        return new Reply(status, JsonNodes.bytes(body), new LinkedHashMap<>());
    }

    static Reply raw(int status, String body) {
        return new Reply(status, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static Reply noContent() {
        return new Reply(204, new byte[0], new LinkedHashMap<>());
    }

    /** {@code 304 Not Modified}: no body; the tag again, as RFC 9110 asks. */
    static Reply notModified(String etag) {
        return new Reply(304, new byte[0], new LinkedHashMap<>()).with("etag", etag);
    }

    static Reply error(ApiError error) {
        return json(error.status(), Json.error(error.status(), error.getMessage()));
    }

    Reply with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Reply(status, body, more);
    }

    Reply with(Map<String, String> extra) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.putAll(extra);
        return new Reply(status, body, more);
    }
}
