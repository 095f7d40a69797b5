package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error bodies in each service's own format. */
final class Errors {
    private Errors() {}

    /** Nova: {@code {"itemNotFound": {"code": 404, "message": "..."}}}, keyed by status as nova.api.openstack.wsgi.Fault does. */
    static SimReply nova(int status, String message) {
        String key = switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
        ObjectNode inner = JsonNodes.object();
        inner.put("code", status);
        inner.put("message", message);
        return SimReply.json(status, Json.wrap(key, inner));
    }

    /** Neutron: {@code {"NeutronError": {"type": "...", "message": "...", "detail": ""}}}. */
    static SimReply neutron(int status, String type, String message) {
        ObjectNode inner = JsonNodes.object();
        inner.put("type", type == null ? defaultNeutronType(status) : type);
        inner.put("message", message);
        inner.put("detail", "");
        return SimReply.json(status, Json.wrap("NeutronError", inner));
    }

    /** Keystone (and keystonemiddleware in front of every service): {@code {"error": {"code", "message", "title"}}}. */
    static SimReply keystone(int status, String message) {
        ObjectNode inner = JsonNodes.object();
        inner.put("code", status);
        inner.put("message", message);
        inner.put("title", title(status));
        return SimReply.json(status, Json.wrap("error", inner));
    }

    /** Glance answers errors as plain text: {@code 404 Not Found\n\nmessage\n\n}. */
    static SimReply glance(int status, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        String text = status + " " + title(status) + "\n\n" + message + "\n\n";
        return new SimReply(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** What keystonemiddleware answers for a missing, unknown or expired token. */
    static SimReply unauthorized() {
        return keystone(401, "The request you have made requires authentication.");
    }

    /** The body a service gives for an injected error status. */
    static SimReply injected(Service service, int status) {
        return switch (service) {
            case NOVA -> nova(status, status >= 500
                    ? "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the "
                            + "Nova API log if possible.\n<class 'oslo_db.exception.DBConnectionError'>"
                    : title(status));
            case NEUTRON -> neutron(status, null, status >= 500
                    ? "Request Failed: internal server error while processing your request." : title(status));
            case KEYSTONE -> keystone(status, status >= 500
                    ? "An unexpected error prevented the server from fulfilling your request." : title(status));
            case GLANCE -> glance(status, title(status));
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static String defaultNeutronType(int status) {
        return switch (status) {
            case 400 -> "HTTPBadRequest";
            case 404 -> "HTTPNotFound";
            case 409 -> "HTTPConflict";
            default -> status >= 500 ? "HTTPInternalServerError" : "HTTPError";
        };
    }
}
