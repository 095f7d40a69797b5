package githubrunner.sim.openstack;

import java.time.Duration;
import java.util.Objects;

/** What happens to a request picked by a {@link FaultRule}. */
public final class Fault {
    /** The kinds of misbehaviour the emulator can act out. */
    public enum Kind {
        /** Answer with an error status and the service's error body; the request has no effect. */
        STATUS,
        /** Wait, then handle the request normally (a slow service; the client may time out first). */
        DELAY,
        /** Handle the request, then wait before answering (the effect happens, the answer is late). */
        SLOW_RESPONSE,
        /** Close the connection without handling the request. */
        DROP_CONNECTION,
        /** Handle the request, then close the connection without answering (a lost response). */
        DROP_RESPONSE,
        /** Server create only: accept the server, which then goes to ERROR instead of ACTIVE. */
        BOOT_ERROR,
        /** Answer with this exact status and body (e.g. a 200 with broken JSON); no effect. */
        REPLY
    }

    private final Kind kind;
    private final int status;
    private final Duration duration;
    private final String body;

    private Fault(Kind kind, int status, Duration duration) {
        this(kind, status, duration, null);
    }

    private Fault(Kind kind, int status, Duration duration, String body) {
        this.kind = kind;
        this.status = status;
        this.duration = duration;
        this.body = body;
    }

    public static Fault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault status is 4xx or 5xx: " + status);
        }
        return new Fault(Kind.STATUS, status, Duration.ZERO);
    }

    public static Fault delay(Duration duration) {
        return new Fault(Kind.DELAY, 0, Objects.requireNonNull(duration));
    }

    public static Fault slowResponse(Duration duration) {
        return new Fault(Kind.SLOW_RESPONSE, 0, Objects.requireNonNull(duration));
    }

    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, Duration.ZERO);
    }

    public static Fault dropResponse() {
        return new Fault(Kind.DROP_RESPONSE, 0, Duration.ZERO);
    }

    public static Fault bootError() {
        return new Fault(Kind.BOOT_ERROR, 0, Duration.ZERO);
    }

    /** Answers {@code status} with this JSON body instead of handling the request. */
    public static Fault reply(int status, String jsonBody) {
        return new Fault(Kind.REPLY, status, Duration.ZERO, Objects.requireNonNull(jsonBody));
    }

    /** The body of a {@link Kind#REPLY} fault. */
    public String body() {
        return body;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "status " + status;
            case DELAY -> "delay " + duration.toMillis() + "ms";
            case SLOW_RESPONSE -> "slow response " + duration.toMillis() + "ms";
            case DROP_CONNECTION -> "drop connection";
            case DROP_RESPONSE -> "drop response";
            case BOOT_ERROR -> "boot error";
            case REPLY -> "reply " + status;
        };
    }
}
