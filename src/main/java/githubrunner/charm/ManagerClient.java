package githubrunner.charm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The charm's side of the runner manager's local HTTP API (127.0.0.1 only). */
public final class ManagerClient {
    /** Flush waits for the manager's lock, which a running reconcile holds. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    public ManagerClient(int port) {
        this.port = port;
    }

    /** The manager cannot be asked: not started, not listening, or answering with an error. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The client for this unit's manager, whose port the charm persisted when it set it up. */
    public static ManagerClient forUnit(UnitFiles files) throws Unavailable {
        Path portFile = files.httpPort();
        try {
            return new ManagerClient(Integer.parseInt(Files.readString(portFile).strip()));
        } catch (IOException | NumberFormatException e) {
            throw new Unavailable("the runner manager is not running on this unit (it starts once the configuration "
                    + "is valid and the image integration provides an image)");
        }
    }

    public int port() {
        return port;
    }

    /** True once the manager's HTTP API answers {@code /health}. */
    public boolean isHealthy() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Juju status the manager reports for itself: status name and message. */
    public String[] jujuStatus() throws Unavailable {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/status/juju")).timeout(Duration.ofSeconds(10)).GET());
        String[] lines = response.body().split("\n", 2);
        return new String[] {lines[0].strip(), lines.length > 1 ? lines[1].strip() : ""};
    }

    public JsonNode checkRunners() throws Unavailable {
        return call(HttpRequest.newBuilder(uri("/runner/check")).timeout(READ_TIMEOUT).GET());
    }

    public JsonNode flushRunners(boolean busy) throws Unavailable {
        return call(HttpRequest.newBuilder(uri("/runner/flush?flush-busy=" + busy)).timeout(FLUSH_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Unit stop: the manager stops creating runners, then removes all of them. */
    public JsonNode drain() throws Unavailable {
        return call(HttpRequest.newBuilder(uri("/runner/drain")).timeout(FLUSH_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode call(HttpRequest.Builder request) throws Unavailable {
        HttpResponse<String> response = send(request);
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("the runner manager answered with unreadable JSON");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Unavailable {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Unavailable("the runner manager is not answering on 127.0.0.1:" + port + " (connection refused)");
        } catch (HttpTimeoutException e) {
            throw new Unavailable("the runner manager did not answer in time on 127.0.0.1:" + port);
        } catch (IOException e) {
            throw new Unavailable("the runner manager request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new Unavailable("the runner manager answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
