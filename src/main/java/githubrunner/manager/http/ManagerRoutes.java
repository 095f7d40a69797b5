package githubrunner.manager.http;

import githubrunner.contract.ManagerApi;
import githubrunner.manager.ManagerOperations;
import githubrunner.manager.ManagerStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The runner manager's routes. Only {@code GET /health} and {@code GET /metrics} are open to any
 * local user (the metrics scraper has no token); everything else needs the unit's API token.
 * <ul>
 *   <li>{@code GET /health}: 204 once the API is up;
 *   <li>{@code GET /status}: the manager's state (JSON); {@code GET /status/juju}: two lines, Juju status and message;
 *   <li>{@code GET /runner/check}: runners as GitHub sees them;
 *   <li>{@code POST /runner/flush?flush-busy=true|false}: removes idle runners (all with flush-busy);
 *   <li>{@code POST /runner/drain?flush-busy=...&for=SECONDS&reason=...}: no runner created for that
 *       long (10 min by default, 1 h at most) or until a restart, then a flush (before the manager is
 *       replaced or the unit stops); the reason shows in its status;
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 */
public final class ManagerRoutes {
    /** A drain lasts this long unless the request says otherwise. */
    static final Duration DEFAULT_DRAIN = Duration.ofMinutes(10);
    static final Duration MAX_DRAIN = Duration.ofHours(1);

    /** Writes the Prometheus exposition of all metrics. */
    public interface MetricsWriter {
        void write(OutputStream out) throws IOException;
    }

    private ManagerRoutes() {}

    public static Routes of(Supplier<ManagerStatus.Snapshot> status, ManagerOperations operations, MetricsWriter metrics) {
        return new Routes()
                .add("GET", ManagerApi.HEALTH, Routes.Access.PUBLIC, request -> Answer.noContent())
                .add("GET", ManagerApi.METRICS, Routes.Access.PUBLIC, request -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    metrics.write(body);
                    return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", body.toByteArray());
                })
                .add("GET", ManagerApi.STATUS, Routes.Access.TOKEN, request -> Answer.json(200, status.get()))
                .add("GET", ManagerApi.JUJU_STATUS, Routes.Access.TOKEN, request -> {
                    String[] juju = status.get().juju(Instant.now());
                    return Answer.text(200, new ManagerApi.JujuStatus(juju[0], juju[1]).format());
                })
                .add("GET", ManagerApi.CHECK, Routes.Access.TOKEN, request -> Answer.json(200, operations.checkRunners()))
                .add("POST", ManagerApi.FLUSH, Routes.Access.TOKEN,
                        request -> Answer.json(200, operations.flush(flushBusy(request))))
                .add("POST", ManagerApi.DRAIN, Routes.Access.TOKEN, request -> Answer.json(200,
                        operations.drain(flushBusy(request), drainReason(request.query("reason")),
                                drainDuration(request.query("for")))));
    }

    private static boolean flushBusy(ApiRequest request) throws ApiRequest.BadRequest {
        String busy = request.query("flush-busy");
        if (busy != null && !busy.equalsIgnoreCase("true") && !busy.equalsIgnoreCase("false")) {
            throw new ApiRequest.BadRequest("flush-busy must be true or false");
        }
        return Boolean.parseBoolean(busy);
    }

    private static Duration drainDuration(String seconds) throws ApiRequest.BadRequest {
        if (seconds == null) {
            return DEFAULT_DRAIN;
        }
        try {
            long value = Long.parseLong(seconds);
            if (value >= 1 && value <= MAX_DRAIN.toSeconds()) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiRequest.BadRequest("for must be 1 to " + MAX_DRAIN.toSeconds() + " seconds");
    }

    /** The caller's reason, shown in juju status: short, printable (query values arrive decoded). */
    private static String drainReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "asked by the charm";
        }
        String printable = reason.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() > 80 ? printable.substring(0, 80) : printable;
    }
}
