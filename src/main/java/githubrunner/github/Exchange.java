package githubrunner.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * What one HTTP response told us, as seen by {@link HttpTransport} before github-api wraps it:
 * the status, the headers that matter for budgets and pagination, and GitHub's {@code message}
 * for an error. Holds no request data, so no credential.
 */
record Exchange(int status, Map<String, String> headers, String errorMessage) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;
    static final String DEFAULT_RESOURCE = "core";

    static Exchange of(int status, Map<String, List<String>> allHeaders, byte[] body) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        allHeaders.forEach((name, values) -> {
            if (name != null && !values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        String message = status >= 400 ? messageOf(body, headers.get("content-encoding")) : null;
        return new Exchange(status, headers, message);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    OptionalLong longHeader(String name) {
        String value = headers.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    OptionalLong remaining() {
        return longHeader("x-ratelimit-remaining");
    }

    /** The primary budget this response was counted against. */
    String resource() {
        return header("x-ratelimit-resource").filter(r -> !r.isBlank()).orElse(DEFAULT_RESOURCE);
    }

    /** GitHub's error {@code message}, shortened; empty when there is none. */
    String message() {
        return errorMessage == null ? "" : errorMessage;
    }

    private static String messageOf(byte[] body, String encoding) {
        if (body == null || body.length == 0) {
            return "";
        }
        try (InputStream in = "gzip".equalsIgnoreCase(encoding)
                ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
            JsonNode message = JSON.readTree(in).path("message");
            String text = message.isTextual() ? message.asText() : "";
            return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
