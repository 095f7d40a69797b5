package githubrunner.cloud.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.RegionEndpointNotFoundException;
import org.openstack4j.api.exceptions.ResponseException;

/** Turns error answers and client exceptions into the typed {@link CloudException}s. */
final class ErrorTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Nova: "Can not find requested image" (create), "Image <id> could not be found."
    private static final Pattern IMAGE_MISSING =
            Pattern.compile("(can ?not find requested image|image \\S+ could not be found)", Pattern.CASE_INSENSITIVE);
    // Nova: "Invalid flavorRef provided.", "Flavor <id> could not be found."
    private static final Pattern FLAVOR_MISSING =
            Pattern.compile("(invalid flavorref|flavor \\S+ could not be found)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK_MISSING =
            Pattern.compile("network \\S+ could not be found", Pattern.CASE_INSENSITIVE);

    private ErrorTranslator() {}

    /** The typed error for a non-2xx answer, carrying the service's own message. */
    static CloudException fromReply(String operation, HttpReply reply) {
        String message = messageOf(reply);
        int status = reply.status();
        if (status == 401) {
            return new AuthenticationFailedException(operation, status, message, null);
        }
        if (status == 403 && message.toLowerCase(Locale.ROOT).contains("quota exceeded")) {
            return new QuotaExceededException(operation, status, message, null);
        }
        if (status == 400 || status == 404) {
            if (IMAGE_MISSING.matcher(message).find()) {
                return new ImageNotFoundException(operation, status, message, null);
            }
            if (FLAVOR_MISSING.matcher(message).find()) {
                return new FlavorNotFoundException(operation, status, message, null);
            }
            if (NETWORK_MISSING.matcher(message).find()) {
                return new NetworkNotFoundException(operation, status, message, null);
            }
        }
        if (status >= 400 && status < 500) {
            return new RequestRejectedException(operation, status, message, null);
        }
        if (status >= 500) {
            return new ServerErrorException(operation, status, message, null);
        }
        return new InvalidResponseException(operation, status, "unexpected status " + status + " " + message, null);
    }

    /** The typed error for an exception thrown by openstack4j or the connection. */
    static CloudException fromThrowable(String operation, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CloudException cloud) {
                return cloud;
            }
            if (t instanceof AuthenticationException auth) {
                return new AuthenticationFailedException(operation, auth.getStatus(), auth.getMessage(), null);
            }
            if (t instanceof ResponseException response && response.getStatus() > 0) {
                int status = response.getStatus();
                String message = response.getMessage();
                if (status == 401) {
                    return new AuthenticationFailedException(operation, status, message, null);
                }
                return status >= 500 ? new ServerErrorException(operation, status, message, null)
                        : new RequestRejectedException(operation, status, message, null);
            }
            if (t instanceof RegionEndpointNotFoundException) {
                return new EndpointNotFoundException(operation, 0, t.getMessage(), null);
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return new CloudTimeoutException(operation, 0, t.getMessage(), null);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new CloudUnreachableException(operation, 0, t.getClass().getSimpleName() + ": " + t.getMessage(), null);
            }
        }
        // Not an HTTP or network failure: a response openstack4j could not digest, or a bug.
        return new InvalidResponseException(operation, 0, error.getClass().getSimpleName() + ": " + error.getMessage(), null);
    }

    /** Nova {"badRequest": {"message"}}, Neutron {"NeutronError": {"message"}}, Keystone {"error": {"message"}}, or text. */
    static String messageOf(HttpReply reply) {
        String text = reply.text().strip();
        if (text.startsWith("{")) {
            try {
                JsonNode root = JSON.readTree(text);
                JsonNode neutron = root.path("NeutronError");
                if (neutron.isTextual()) {
                    return neutron.asText();
                }
                for (Map.Entry<String, JsonNode> field : root.properties()) {
                    JsonNode message = field.getValue().path("message");
                    if (message.isTextual()) {
                        return message.asText();
                    }
                }
                for (String key : new String[] {"message", "error_message", "faultstring"}) {
                    if (root.path(key).isTextual()) {
                        return root.path(key).asText();
                    }
                }
            } catch (IOException e) {
                // not JSON after all: fall through to the text
            }
        }
        if (!text.isEmpty() && !text.startsWith("<")) {
            return text.replaceAll("\\s+", " ");
        }
        return reply.reason() == null ? "" : reply.reason();
    }
}
