package githubrunner.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the files pulled from a VM into the Python charm's events (reference/upstream-charm.md
 * §8.1): {@code runner_installed} when any file was pulled, {@code runner_start} with the
 * pre-job file, {@code runner_stop} with both job files. The files come from a machine that ran
 * somebody's job as the files' owner, so every value is checked; a file that does not parse is
 * skipped with a warning, as if it were missing.
 */
public final class VmMetrics {
    static final Set<String> STATUSES = Set.of("normal", "abnormal", "external-contributor-check-failure",
            "repo-policy-check-failure");
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");
    /** Latest plausible epoch second (year 2255): beyond it a timestamp is garbage. */
    private static final double MAX_EPOCH = 9e9;
    private static final int MAX_TEXT = 255;

    private final String flavor;
    private final Clock clock;

    public VmMetrics(String flavor, Clock clock) {
        this.flavor = flavor;
        this.clock = clock;
    }

    record PreJob(double timestamp, String workflow, String repository, String event, long workflowRunId) {}

    record PostJob(double timestamp, String status, Optional<Integer> code) {}

    /**
     * @param runnerName the VM's (and GitHub runner's) name, to find its job
     * @param createdAt when OpenStack created the VM
     */
    public RunnerOutcome outcome(String runnerName, Instant createdAt, PulledFiles files, JobLookup jobs) {
        List<String> warnings = new ArrayList<>();
        if (!files.any()) {
            return RunnerOutcome.nothing(warnings);
        }
        Optional<Double> installedFile = files.content(MetricsFile.INSTALLED)
                .flatMap(bytes -> parse("installed timestamp", bytes, VmMetrics::installed, warnings));
        Optional<PreJob> pre = files.content(MetricsFile.PRE_JOB)
                .flatMap(bytes -> parse("pre-job metrics", bytes, VmMetrics::preJob, warnings));
        Optional<PostJob> post = files.content(MetricsFile.POST_JOB)
                .flatMap(bytes -> parse("post-job metrics", bytes, VmMetrics::postJob, warnings));

        List<MetricEvent> events = new ArrayList<>();
        double installed = installedFile.orElse(MetricEvent.seconds(clock.instant()));
        double spawn = Math.max(installed - MetricEvent.seconds(createdAt), 0);
        events.add(MetricEvent.runnerInstalled(instant(installed), flavor, spawn));
        if (pre.isEmpty()) {
            return new RunnerOutcome(events, Optional.of(seconds(spawn)), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                    false, warnings);
        }
        PreJob job = pre.get();
        Optional<JobLookup.Job> github = jobs.find(job.repository(), job.workflowRunId(), runnerName);
        Optional<Duration> queue = github.flatMap(JobLookup.Job::queueDuration)
                .map(d -> d.isNegative() ? Duration.ZERO : d);
        Optional<String> conclusion = github.flatMap(JobLookup.Job::conclusion).filter(c -> EVENT.matcher(c).matches());
        double idle = Math.max(job.timestamp() - installed, 0);
        events.add(MetricEvent.runnerStart(instant(job.timestamp()), flavor, job.workflow(), job.repository(),
                job.event(), idle, queue.map(d -> d.toMillis() / 1000.0)));
        Optional<Duration> jobDuration = Optional.empty();
        if (post.isPresent()) {
            double duration = Math.max(post.get().timestamp() - job.timestamp(), 0);
            jobDuration = Optional.of(seconds(duration));
            events.add(MetricEvent.runnerStop(instant(post.get().timestamp()), flavor, job.workflow(), job.repository(),
                    job.event(), post.get().status(), post.get().code(), duration, conclusion));
        }
        return new RunnerOutcome(events, Optional.of(seconds(spawn)), Optional.of(seconds(idle)), queue, jobDuration,
                Optional.of(job.repository()), Optional.of(job.event()), post.map(PostJob::status), conclusion, true,
                post.isPresent(), warnings);
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(byte[] content) throws IOException;
    }

    private static <T> Optional<T> parse(String what, byte[] content, Parser<T> parser, List<String> warnings) {
        try {
            return Optional.of(parser.parse(content));
        } catch (IOException | RuntimeException e) {
            warnings.add(what + " skipped: " + printable(e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()));
            return Optional.empty();
        }
    }

    /** The VM's bytes may reach our log through a parser's message: printable ASCII only, and short. */
    static String printable(String message) {
        String text = String.valueOf(message).replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    /** {@code date +%s} and a newline. */
    static double installed(byte[] content) throws IOException {
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (!DIGITS.matcher(text).matches()) {
            throw new IOException("not an epoch timestamp");
        }
        return epoch(Double.parseDouble(text), "timestamp");
    }

    static PreJob preJob(byte[] content) throws IOException {
        JsonNode json = object(content);
        String repository = text(json, "repository");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IOException("repository is not owner/repo");
        }
        String event = text(json, "event");
        if (!EVENT.matcher(event).matches()) {
            throw new IOException("event is not an event name");
        }
        JsonNode runId = json.get("workflow_run_id");
        String runIdText = runId == null ? "" : runId.isIntegralNumber() ? runId.asText() : runId.isTextual() ? runId.asText() : "";
        if (!DIGITS.matcher(runIdText).matches()) {
            throw new IOException("workflow_run_id is not a number");
        }
        return new PreJob(epoch(number(json, "timestamp"), "timestamp"), text(json, "workflow"), repository, event,
                Long.parseLong(runIdText));
    }

    static PostJob postJob(byte[] content) throws IOException {
        JsonNode json = object(content);
        String status = text(json, "status");
        if (!STATUSES.contains(status)) {
            throw new IOException("unknown status");
        }
        Optional<Integer> code = Optional.empty();
        JsonNode info = json.get("status_info");
        if (info != null && !info.isNull()) {
            JsonNode value = info.get("code");
            if (!info.isObject() || value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new IOException("status_info.code is not an integer");
            }
            code = Optional.of(value.intValue());
        }
        return new PostJob(epoch(number(json, "timestamp"), "timestamp"), status, code);
    }

    private static JsonNode object(byte[] content) throws IOException {
        JsonNode json = STRICT.readTree(content);
        if (json == null || !json.isObject()) {
            throw new IOException("not a JSON object");
        }
        return json;
    }

    private static String text(JsonNode json, String field) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().length() > MAX_TEXT) {
            throw new IOException(field + " is not a string of at most " + MAX_TEXT + " characters");
        }
        return value.asText();
    }

    private static double number(JsonNode json, String field) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || !value.isNumber()) {
            throw new IOException(field + " is not a number");
        }
        return value.asDouble();
    }

    private static double epoch(double value, String field) throws IOException {
        if (!Double.isFinite(value) || value < 0 || value > MAX_EPOCH) {
            throw new IOException(field + " is out of range");
        }
        return value;
    }

    private static Instant instant(double epochSeconds) {
        long seconds = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((epochSeconds - seconds) * 1e9));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
