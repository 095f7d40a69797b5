package githubrunner.cloud.openstack;

import java.time.Instant;
import java.util.Optional;

/**
 * An OpenStack operation failed. Subclasses say why; the message names the operation, the
 * HTTP status (if any) and the cloud's own message, never a credential, token, key or user data.
 */
public abstract class CloudException extends Exception {
    private static final int MAX_SERVER_MESSAGE = 500;

    private final String operation;
    private final int httpStatus;
    private final String serverMessage;
    private Instant retryAt;

    protected CloudException(String what, String operation, int httpStatus, String serverMessage, Throwable cause) {
        super(describe(what, operation, httpStatus, clean(serverMessage)), cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.serverMessage = clean(serverMessage);
    }

    public abstract ErrorKind kind();

    /** e.g. {@code create server github-runner-0-0123456789ab}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status the cloud answered, 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** When the operation may be tried again, if that is known (an ambiguous create fencing it until then). */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    public CloudException retryAt(Instant at) {
        this.retryAt = at;
        return this;
    }

    /** The cloud's own message (e.g. Nova's "Quota exceeded for instances: ..."), or empty. */
    public String serverMessage() {
        return serverMessage;
    }

    private static String describe(String what, String operation, int status, String serverMessage) {
        StringBuilder text = new StringBuilder(operation).append(": ").append(what);
        if (status > 0) {
            text.append(" (HTTP ").append(status).append(')');
        }
        if (!serverMessage.isEmpty()) {
            text.append(": ").append(serverMessage);
        }
        return text.toString();
    }

    /** One line, printable, bounded: the message ends up in logs and in juju status. */
    static String clean(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("[\\p{Cntrl}&&[^\\t]]+", " ").strip();
        return oneLine.length() <= MAX_SERVER_MESSAGE ? oneLine : oneLine.substring(0, MAX_SERVER_MESSAGE) + "...";
    }
}
