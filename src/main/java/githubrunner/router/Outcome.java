package githubrunner.router;

import java.util.Locale;

/**
 * Every way a webhook request ends, with its HTTP status. GitHub records anything but 2xx as a
 * failed delivery and never retries it by itself, so 2xx is answered for everything the router
 * understood and chose not to route (ping, other events and actions, unroutable labels,
 * duplicates), and 5xx only when the job could not be enqueued now but must be later (503).
 */
enum Outcome {
    ENQUEUED(200),
    DUPLICATE_DELIVERY(200),
    DUPLICATE_JOB(200),
    UNROUTABLE(200),
    PING(200),
    IGNORED_EVENT(200),
    IGNORED_ACTION(200),
    SIGNATURE_MISSING(401),
    SIGNATURE_INVALID(403),
    BAD_REQUEST(400),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    TIMEOUT(408),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** MongoDB unreachable or failing, or the delivery is being enqueued by another router right now. */
    UNAVAILABLE(503),
    /** More webhooks in progress than the router's workers and queue hold. */
    OVERLOADED(503);

    private final int status;

    Outcome(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
