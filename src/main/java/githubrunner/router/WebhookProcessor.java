package githubrunner.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /webhook}, from headers and raw body to an answer. Checks run in this order:
 * signature (401 missing, 403 wrong; on the raw bytes, before anything is parsed), event header
 * (400), {@code ping} (200), other events (200, ignored), content type (415), JSON and fields
 * (400, naming the field), action (200 ignored unless {@code queued}), routing (200 with the reason
 * when no flavour fits), then the enqueue (200, or 503 when MongoDB cannot take it now).
 */
final class WebhookProcessor {
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String HOOK_ID_HEADER = "X-GitHub-Hook-ID";
    static final String TARGET_TYPE_HEADER = "X-GitHub-Hook-Installation-Target-Type";
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);

    /** What the processor reads of a request; any header may be null. */
    record Request(String event, String delivery, String signature, String contentType, String contentEncoding,
                   String hookId, String targetType, byte[] body) {}

    private final SignatureVerifier verifier;
    private final Set<String> defaultLabels;
    private final RoutingTable table;
    private final JobQueue queue;
    private final RouterMetrics metrics;
    private final KnownHooks hooks;

    /** @param verifier null only when unsigned webhooks are explicitly allowed */
    WebhookProcessor(SignatureVerifier verifier, List<String> defaultLabels, RoutingTable table, JobQueue queue,
                     RouterMetrics metrics, KnownHooks hooks) {
        this.verifier = verifier;
        this.defaultLabels = Set.copyOf(defaultLabels);
        this.table = table;
        this.queue = queue;
        this.metrics = metrics;
        this.hooks = hooks;
    }

    /** The answer; the caller counts it in the metrics when it is sent (it may be overtaken by the deadline). */
    Reply process(Request request) {
        return answer(request);
    }

    private Reply answer(Request request) {
        if (verifier != null) {
            if (request.signature() == null || request.signature().isEmpty()) {
                return new Reply(Outcome.SIGNATURE_MISSING, "X-Hub-Signature-256 header is missing!");
            }
            if (!verifier.matches(request.body(), request.signature())) {
                return new Reply(Outcome.SIGNATURE_INVALID, "Signature validation failed!");
            }
        }
        String event = request.event();
        if (event == null || event.isEmpty()) {
            return new Reply(Outcome.BAD_REQUEST, "X-GitHub-Event header is missing!");
        }
        if (event.equals("ping")) {
            payload(request).ifPresent(root -> learnHook(request, root));
            return new Reply(Outcome.PING, "pong: the hook reaches the router.");
        }
        if (!event.equals("workflow_job")) {
            String shown = EVENT_NAME.matcher(event).matches() ? event : "(unnamed)";
            return new Reply(Outcome.IGNORED_EVENT, "Ignored: the router routes workflow_job events, not " + shown + ".");
        }
        if (request.contentEncoding() != null && !request.contentEncoding().equalsIgnoreCase("identity")) {
            return new Reply(Outcome.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding is not supported.");
        }
        byte[] json;
        try {
            json = jsonBody(request);
        } catch (WorkflowJobEvent.Malformed e) {
            return new Reply(Outcome.BAD_REQUEST, e.getMessage());
        }
        if (json == null) {
            return new Reply(Outcome.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json (or application/x-www-form-urlencoded).");
        }
        WorkflowJobEvent job;
        try {
            JsonNode root = WorkflowJobEvent.parseJson(json);
            job = WorkflowJobEvent.parse(root, defaultLabels);
        } catch (WorkflowJobEvent.Malformed e) {
            return new Reply(Outcome.BAD_REQUEST, e.getMessage());
        }
        learnHook(request, job);
        if (!job.isQueued()) {
            String shown = EVENT_NAME.matcher(job.action()).matches() ? job.action() : "(unnamed)";
            return new Reply(Outcome.IGNORED_ACTION, "Ignored: only queued jobs are routed, not " + shown + ".");
        }
        String delivery = request.delivery();
        if (delivery != null && !DELIVERY_ID.matcher(delivery).matches()) {
            return new Reply(Outcome.BAD_REQUEST, "X-GitHub-Delivery header is not a delivery id.");
        }
        Optional<String> flavour = table.route(job.labels());
        if (flavour.isEmpty()) {
            metrics.unroutable(job.labels());
            return new Reply(Outcome.UNROUTABLE, "Not able to forward job due to non-matching labels: "
                    + String.join(", ", job.labels()) + ".");
        }
        return enqueue(delivery, job, flavour.get());
    }

    private Reply enqueue(String delivery, WorkflowJobEvent job, String flavour) {
        long start = System.nanoTime();
        JobQueue.Result result;
        try {
            result = queue.enqueue(delivery, job.jobId(), flavour, body(job));
        } catch (JobQueue.Unavailable e) {
            LOG.warn("job {} not enqueued, answered 503: {}", job.jobId(), e.getMessage());
            return new Reply(Outcome.UNAVAILABLE, "MongoDB is unavailable: job not enqueued; it is redelivered "
                    + "once the queue is back.");
        }
        metrics.enqueued(System.nanoTime() - start);
        return switch (result) {
            case ENQUEUED -> new Reply(Outcome.ENQUEUED, "Job " + job.jobId() + " enqueued for " + flavour + ".");
            case DUPLICATE_DELIVERY -> new Reply(Outcome.DUPLICATE_DELIVERY,
                    "Delivery already enqueued: job " + job.jobId() + " not enqueued again.");
            case DUPLICATE_JOB -> new Reply(Outcome.DUPLICATE_JOB,
                    "Job " + job.jobId() + " was enqueued by another delivery moments ago: not enqueued again.");
            case IN_FLIGHT -> new Reply(Outcome.UNAVAILABLE,
                    "This delivery is being enqueued by another router right now; retry later.");
        };
    }

    /** The job as the Python router enqueues it: {@code {"labels":[...],"status":"queued","url":"..."}}. */
    static String body(WorkflowJobEvent job) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode labels = node.putArray("labels");
        job.labels().forEach(labels::add);
        node.put("status", WorkflowJobEvent.QUEUED);
        node.put("url", job.url());
        return node.toString();
    }

    /** The JSON bytes of the payload, or null for a content type GitHub does not send. */
    private static byte[] jsonBody(Request request) throws WorkflowJobEvent.Malformed {
        String type = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].strip();
        if (mediaType.equals("application/json")) {
            return request.body();
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            // GitHub's other content type: payload=<url-encoded JSON>.
            String form = new String(request.body(), StandardCharsets.ISO_8859_1);
            for (String pair : form.split("&")) {
                if (pair.startsWith("payload=")) {
                    try {
                        return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
                                .getBytes(StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new WorkflowJobEvent.Malformed("the form's payload is not URL-encoded");
                    }
                }
            }
            throw new WorkflowJobEvent.Malformed("payload key not found in the form");
        }
        return null;
    }

    private static Optional<JsonNode> payload(Request request) {
        try {
            byte[] json = jsonBody(request);
            return json == null ? Optional.empty() : Optional.of(WorkflowJobEvent.parseJson(json));
        } catch (WorkflowJobEvent.Malformed e) {
            return Optional.empty();
        }
    }

    private void learnHook(Request request, JsonNode root) {
        String repository = root.path("repository").path("full_name").asText(null);
        String organisation = root.path("organization").path("login").asText(null);
        hooks.seen(request.hookId(), request.targetType(), repository, organisation);
    }

    private void learnHook(Request request, WorkflowJobEvent job) {
        hooks.seen(request.hookId(), request.targetType(), job.repository(), job.organisation());
    }
}
