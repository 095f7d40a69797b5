package githubrunner.sim.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which requests a fault rule or a request-log query is about: an HTTP method ({@code *} for any,
 * case ignored) and a regular expression over the whole path (no query).
 */
public record RequestMatch(String method, Pattern path) {
    public RequestMatch {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    public static RequestMatch of(String method, String pathRegex) {
        return new RequestMatch(method, Pattern.compile(pathRegex));
    }

    public boolean matches(String requestMethod, String requestPath) {
        return (method.equals("*") || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
    }

    @Override
    public String toString() {
        return method + " " + path.pattern();
    }
}
