package githubrunner.manager.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's route table: method, path template, who may call it, and the code that answers.
 * A template is literal segments and {@code {name}} segments, e.g. {@code /reactive/jobs/{jobId}};
 * a {@code {name}} segment matches one non-empty segment of letters, digits and {@code ._~-}.
 *
 * <pre>
 * routes.add("GET", "/status", Access.TOKEN, request -&gt; Answer.json(200, status.get()));
 * </pre>
 */
public final class Routes {
    private static final Pattern PARAM_VALUE = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    /** Who may call a route. */
    public enum Access {
        /** Anyone on the machine: only for answers that reveal and change nothing (health, metrics). */
        PUBLIC,
        /** Callers holding the unit's API token (the charm, the unit's reactive consumers). */
        TOKEN
    }

    /** The code behind a route; exceptions become 500 (or 400 for {@link ApiRequest.BadRequest}). */
    @FunctionalInterface
    public interface Route {
        Answer handle(ApiRequest request) throws Exception;
    }

    record Entry(String method, List<String> segments, Access access, Route route) {}

    /** The outcome of a lookup: a route with its path parameters, or why none. */
    sealed interface Lookup permits Found, MethodNotAllowed, NotFound {}

    record Found(Entry entry, Map<String, String> params) implements Lookup {}

    record MethodNotAllowed(Set<String> allowed) implements Lookup {}

    record NotFound() implements Lookup {}

    private final List<Entry> entries = new ArrayList<>();

    public Routes add(String method, String template, Access access, Route route) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with /: " + template);
        }
        List<String> segments = segments(template);
        for (Entry entry : entries) {
            if (entry.method.equals(method) && entry.segments.equals(segments)) {
                throw new IllegalArgumentException("route defined twice: " + method + " " + template);
            }
        }
        entries.add(new Entry(method, segments, access, route));
        return this;
    }

    Lookup find(String method, String path) {
        List<String> segments = segments(path);
        Set<String> allowed = new TreeSet<>();
        for (Entry entry : entries) {
            Map<String, String> params = match(entry.segments, segments);
            if (params != null) {
                if (entry.method.equals(method)) {
                    return new Found(entry, params);
                }
                allowed.add(entry.method);
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String want = template.get(i);
            String got = path.get(i);
            if (want.startsWith("{") && want.endsWith("}")) {
                if (!PARAM_VALUE.matcher(got).matches()) {
                    return null;
                }
                params.put(want.substring(1, want.length() - 1), got);
            } else if (!want.equals(got)) {
                return null;
            }
        }
        return params;
    }

    /** "/a/b" and "/a/b/" are the same path; "" and "/" are the root. */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
