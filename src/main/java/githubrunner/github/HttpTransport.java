package githubrunner.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's HTTP connector, on the JDK's {@link HttpClient}: one deadline covers the whole
 * exchange (headers and body), and every response is shown to a {@link Listener} before the
 * library interprets it.
 *
 * <p>Transport failures come out as {@link TransportFailure}, which is deliberately not a
 * {@code SocketException}: github-api retries those silently, and a stuck call should reach the
 * manager as one typed error within one timeout.
 */
final class HttpTransport implements GitHubConnector {
    /** Sees each response (status and headers) on the thread that sent the request. */
    interface Listener {
        void onResponse(GitHubConnectorRequest request, Exchange exchange);
    }

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Listener listener;

    HttpTransport(HttpClient http, Duration requestTimeout, Listener listener) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
    }

    static HttpClient newHttpClient(Duration connectTimeout, ProxySelector proxy) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                // github-api follows redirects itself, dropping Authorization when the host changes.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        if (proxy != null) {
            builder.proxy(proxy);
        }
        return builder.build();
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request)).timeout(requestTimeout);
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            if (header.getKey() != null && header.getValue() != null
                    && !RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                builder.header(header.getKey(), String.join(", ", header.getValue()));
            }
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.hasBody()) {
            try (InputStream in = request.body()) {
                body = HttpRequest.BodyPublishers.ofByteArray(in == null ? new byte[0] : in.readAllBytes());
            }
        }
        HttpResponse<byte[]> response = exchange(builder.method(request.method(), body).build());
        Map<String, List<String>> headers = response.headers().map();
        listener.onResponse(request, Exchange.of(response.statusCode(), headers, response.body()));
        return new BufferedResponse(request, response.statusCode(), headers, response.body());
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TransportFailure(TransportFailure.Reason.TIMEOUT, "no complete answer within " + requestTimeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw (IOException) new InterruptedIOException("interrupted while waiting for GitHub").initCause(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new TransportFailure(TransportFailure.Reason.TIMEOUT, "no answer within " + requestTimeout, cause);
            }
            throw new TransportFailure(TransportFailure.Reason.CONNECTION, describe(cause), cause);
        }
    }

    private static URI uri(GitHubConnectorRequest request) throws IOException {
        try {
            return request.url().toURI();
        } catch (URISyntaxException e) {
            throw new IOException("invalid request URL", e);
        }
    }

    private static String describe(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        String type = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        return message == null ? type : type + ": " + message;
    }

    /** A fully read response; github-api decompresses gzip itself. */
    private static final class BufferedResponse extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        BufferedResponse(GitHubConnectorRequest request, int status, Map<String, List<String>> headers, byte[] body) {
            super(request, status, headers);
            this.body = body == null ? new byte[0] : body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }

    /** The request got no (complete) response. */
    static final class TransportFailure extends IOException {
        enum Reason { TIMEOUT, CONNECTION }

        private final Reason reason;

        TransportFailure(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }
}
