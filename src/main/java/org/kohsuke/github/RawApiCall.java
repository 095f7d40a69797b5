package org.kohsuke.github;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The one door into github-api's own request machinery, for endpoints the library does not model
 * (self-hosted runners, JIT configuration, runner groups, installation tokens by id).
 *
 * <p>github-api 1.330 keeps {@code GitHub#createRequest()} and {@code Requester} package-private, so
 * this class lives in the library's package. Requests sent here get everything the library does for
 * its own calls: the connector, the authorization provider, the rate-limit and abuse handlers, API
 * version headers and error mapping. It works on the class path and in the shaded jar, not on the
 * module path. Keep it this small: all parsing and error typing happen in {@code githubrunner.github}.
 */
public final class RawApiCall {
    private RawApiCall() {}

    /**
     * A successful response (status below 400, {@code 304 Not Modified} included, with an empty
     * body): errors come out as the library's {@code IOException}s.
     *
     * @param link the {@code Link} header (pagination), or {@code null}
     * @param etag the {@code ETag} header, or {@code null}
     */
    public record Response(int status, byte[] body, String link, String etag) {}

    /**
     * @param parameters query parameters for GET and DELETE, JSON body members otherwise; values are
     *     strings, numbers or collections of strings
     */
    public static Response send(GitHub github, String method, String path, Map<String, ?> parameters)
            throws IOException {
        return send(github, method, path, parameters, Map.of());
    }

    /** @param headers extra request headers, e.g. {@code If-None-Match} */
    public static Response send(GitHub github, String method, String path, Map<String, ?> parameters,
                                Map<String, String> headers) throws IOException {
        Requester requester = github.createRequest().method(method).withUrlPath(path);
        headers.forEach(requester::setHeader);
        for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
            Object value = parameter.getValue();
            if (value instanceof Collection<?> values) {
                requester.with(parameter.getKey(), values);
            } else if (value instanceof Long number) {
                requester.with(parameter.getKey(), number.longValue());
            } else if (value instanceof Integer number) {
                requester.with(parameter.getKey(), number.intValue());
            } else {
                requester.with(parameter.getKey(), String.valueOf(value));
            }
        }
        GitHubResponse<byte[]> response = requester.client.sendRequest(requester, RawApiCall::readBody);
        byte[] body = response.body();
        return new Response(response.statusCode(), body == null ? new byte[0] : body, response.header("Link"),
                response.header("ETag"));
    }

    private static byte[] readBody(GitHubConnectorResponse response) throws IOException {
        try (InputStream in = response.bodyStream()) {
            return in == null ? new byte[0] : in.readAllBytes();
        }
    }
}
