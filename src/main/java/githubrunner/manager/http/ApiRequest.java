package githubrunner.manager.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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

    /**
     * The body as JSON of {@code type} (snake_case keys); a malformed body is the client's fault,
     * and the answer says what is wrong with it (never echoing its content beyond a field name).
     */
    public <T> T bodyJson(Class<T> type) throws BadRequest {
        String what = "the body is not a valid " + type.getSimpleName();
        if (body.length == 0) {
            throw new BadRequest(what + ": it is empty");
        }
        try {
            T value = ApiJson.MAPPER.readValue(body, type);
            if (value == null) {
                throw new BadRequest(what + ": it is null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequest(what + ": unknown field " + fieldName(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(java.util.Objects::nonNull).map(ApiRequest::fieldName).reduce((a, b) -> a + "." + b).orElse("");
            throw new BadRequest(what + (path.isEmpty() ? ": not a JSON object of that shape" : ": field " + path
                    + " has the wrong type"));
        } catch (IOException e) {
            throw new BadRequest(what + ": not JSON");
        }
    }

    /** A field name as the client sent it, if it is a plausible one. */
    private static String fieldName(String name) {
        return name != null && name.matches("[A-Za-z0-9_]{1,40}") ? name : "(unprintable)";
    }

    /** Thrown by a route for a request it cannot accept: answered 400 with the message. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }
}
