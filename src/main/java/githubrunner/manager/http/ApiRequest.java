package githubrunner.manager.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request as a route sees it, already authorised and read whole (within the size limit).
 *
 * @param path the decoded path, e.g. {@code /reactive/jobs/42}
 * @param pathParams values of the route's {@code {name}} segments
 * @param query query parameters (the first value of each)
 * @param body the request body, empty without one
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                         byte[] body) {

    /** A query parameter, or null when absent. */
    public String query(String name) {
        return query.get(name);
    }

    /** The value of a {@code {name}} segment of the route. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no {" + name + "} segment");
        }
        return value;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON of {@code type} (snake_case keys); a malformed body is the client's fault. */
    public <T> T bodyJson(Class<T> type) throws BadRequest {
        try {
            return ApiJson.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new BadRequest("the body is not a valid " + type.getSimpleName());
        }
    }

    /** Thrown by a route for a request it cannot accept: answered 400 with the message. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }
}
