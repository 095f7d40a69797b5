package githubrunner.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the router takes from a {@code workflow_job} webhook payload: the action, and for a queued
 * job its URL (the consumer's only handle on it), its id (from that URL, as the consumer reads it)
 * and its labels as routing sees them. Missing or mistyped fields are a {@link Malformed} naming
 * the field.
 *
 * @param labels lower-cased, without the default labels, sorted
 * @param repository {@code repository.full_name}, or null
 * @param organisation {@code organization.login}, or null
 */
record WorkflowJobEvent(String action, String url, long jobId, Set<String> labels, String repository,
                        String organisation) {
    static final String QUEUED = "queued";
    static final int MAX_LABELS = 100;
    static final int MAX_LABEL_LENGTH = 255;
    static final int MAX_URL_LENGTH = 2048;
    /** {@code https://api.github.com/repos/o/r/actions/jobs/1}, or a GHES {@code .../api/v3/repos/...}. */
    private static final Pattern JOB_URL = Pattern.compile(
            "https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/repos/[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}"
                    + "/actions/jobs/([0-9]{1,18})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload that is not a usable workflow_job event; the message names the field. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super("Could not parse webhook: " + message);
        }
    }

    boolean isQueued() {
        return QUEUED.equals(action);
    }

    static JsonNode parseJson(byte[] body) throws Malformed {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new Malformed("the payload is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new Malformed("the payload is not valid JSON");
        } catch (IOException e) {
            throw new Malformed("the payload cannot be read");
        }
    }

    /** Parses a payload; labels and url are required only for queued jobs, the only ones routed. */
    static WorkflowJobEvent parse(JsonNode root, Collection<String> defaultLabels) throws Malformed {
        String action = text(root, "action", "action");
        JsonNode job = root.get("workflow_job");
        if (job == null) {
            throw new Malformed("workflow_job key not found");
        }
        if (!job.isObject()) {
            throw new Malformed("workflow_job is not an object");
        }
        String repository = optionalText(root.path("repository").get("full_name"));
        String organisation = optionalText(root.path("organization").get("login"));
        if (!QUEUED.equals(action)) {
            return new WorkflowJobEvent(action, null, 0, Set.of(), repository, organisation);
        }
        String url = text(job, "url", "workflow_job.url");
        Matcher match = url.length() <= MAX_URL_LENGTH ? JOB_URL.matcher(url) : null;
        if (match == null || !match.matches()) {
            throw new Malformed("workflow_job.url is not a job URL (.../repos/{owner}/{repo}/actions/jobs/{id})");
        }
        long jobId = Long.parseLong(match.group(1));
        if (jobId <= 0) {
            throw new Malformed("workflow_job.url has job id 0");
        }
        return new WorkflowJobEvent(action, url, jobId, labels(job, defaultLabels), repository, organisation);
    }

    private static Set<String> labels(JsonNode job, Collection<String> defaultLabels) throws Malformed {
        JsonNode labels = job.get("labels");
        if (labels == null) {
            throw new Malformed("workflow_job.labels key not found");
        }
        if (labels.isNull()) {
            throw new Malformed("workflow_job.labels is null");
        }
        if (!labels.isArray()) {
            throw new Malformed("workflow_job.labels is not a list");
        }
        if (labels.size() > MAX_LABELS) {
            throw new Malformed("workflow_job.labels has more than " + MAX_LABELS + " labels");
        }
        Set<String> routed = new TreeSet<>();
        for (JsonNode label : labels) {
            if (!label.isTextual() || label.asText().length() > MAX_LABEL_LENGTH) {
                throw new Malformed("workflow_job.labels holds a value that is not a label");
            }
            routed.add(label.asText().toLowerCase(Locale.ROOT));
        }
        routed.removeAll(defaultLabels);
        return routed;
    }

    private static String text(JsonNode parent, String field, String name) throws Malformed {
        JsonNode value = parent.get(field);
        if (value == null) {
            throw new Malformed(name + " key not found");
        }
        if (!value.isTextual()) {
            throw new Malformed(name + " is not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode value) {
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
