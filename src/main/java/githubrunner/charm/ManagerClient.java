package githubrunner.charm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import githubrunner.contract.ManagerApi;
import githubrunner.common.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The charm's side of the runner manager's local HTTP API (127.0.0.1 only), with the unit's
 * bearer token ({@link ApiToken}) on every request.
 *
 * <p>Requests go through {@link LoopbackHttp}, which costs update-status next to nothing.
 */
public final class ManagerClient {
    /** Flush waits for the manager's lock, which a running reconcile holds. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final int port;
    private final String authorization;

    /** @param token the unit's API token, or null (only /health and /metrics then answer) */
    public ManagerClient(int port, Secret token) {
        this.port = port;
        this.authorization = token == null ? null : "Bearer " + token.reveal();
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
            return new ManagerClient(Integer.parseInt(Files.readString(portFile).strip()), ApiToken.read(files));
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
            return request("GET", ManagerApi.HEALTH, Duration.ofSeconds(2)).status() == 204;
        } catch (Unavailable e) {
            return false;
        }
    }

    /** The Juju status the manager reports for itself. */
    public ManagerApi.JujuStatus jujuStatus() throws Unavailable {
        return ManagerApi.JujuStatus.parse(ok(request("GET", ManagerApi.JUJU_STATUS, Duration.ofSeconds(10))));
    }

    public ManagerApi.RunnerReport checkRunners() throws Unavailable {
        return json(request("GET", ManagerApi.CHECK, READ_TIMEOUT), ManagerApi.RunnerReport.class);
    }

    public ManagerApi.FlushReport flushRunners(boolean busy) throws Unavailable {
        return json(request("POST", ManagerApi.FLUSH + "?flush-busy=" + busy, FLUSH_TIMEOUT), ManagerApi.FlushReport.class);
    }

    /**
     * The manager stops creating runners for {@code duration} (or until it restarts), then removes
     * the idle ones (all with {@code busy}); {@code reason} shows in its status meanwhile.
     */
    public ManagerApi.FlushReport drain(boolean busy, String reason, Duration duration) throws Unavailable {
        return json(request("POST", ManagerApi.DRAIN + "?flush-busy=" + busy + "&for=" + duration.toSeconds() + "&reason="
                + URLEncoder.encode(reason, StandardCharsets.UTF_8), FLUSH_TIMEOUT), ManagerApi.FlushReport.class);
    }

    private LoopbackHttp.Answer request(String method, String path, Duration timeout) throws Unavailable {
        try {
            return LoopbackHttp.exchange(port, method, path, authorization, CONNECT_TIMEOUT, timeout);
        } catch (ConnectException e) {
            throw new Unavailable("the runner manager is not answering on 127.0.0.1:" + port + " (connection refused)");
        } catch (SocketTimeoutException e) {
            throw new Unavailable("the runner manager did not answer in time on 127.0.0.1:" + port);
        } catch (IOException e) {
            throw new Unavailable("the runner manager request failed: " + e.getMessage());
        }
    }

    private static String ok(LoopbackHttp.Answer answer) throws Unavailable {
        if (answer.status() / 100 != 2) {
            throw new Unavailable("the runner manager answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private static <T> T json(LoopbackHttp.Answer answer, Class<T> type) throws Unavailable {
        String body = ok(answer);
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new Unavailable("the runner manager answered with unreadable JSON");
        }
    }

    /** Made on first use: update-status reads plain text and never needs it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
