package githubrunner.manager;

import githubrunner.contract.ReactiveApi;
import githubrunner.metrics.ReactiveMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The reactive jobs this unit's consumers asked runners for ({@link ReactiveApi}): the demand the
 * reconciler adds to the base pool. A request stays open while its consumer renews it; a consumer
 * that dies stops renewing, and its requests lapse at the end of their lease.
 */
public final class ReactiveRequests implements DemandSource {
    /** Without max-total-virtual-machines, no more requests than this are served at once. */
    static final int UNCAPPED = 1000;
    static final Duration MAX_LEASE = Duration.ofMinutes(10);
    static final int MAX_LABELS = 32;
    static final int MAX_TEXT = 2048;
    private static final Pattern HTTP_URL = Pattern.compile("https?://[\\x21-\\x7e]+");
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}\\s]+");

    /** A request that is not acceptable as it is, with the reason for the consumer. */
    public static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    private record Open(String jobUrl, List<String> labels, Instant until) {}

    private final Map<Long, Open> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private final Runnable onNewRequest;
    private final ReactiveMetrics metrics;

    /**
     * @param base the base pool, whose runners serve no request of their own
     * @param max max-total-virtual-machines, 0 for none
     * @param onNewRequest called when a job asks for the first time (wakes the reconciler)
     * @param metrics counts requests opened, closed and lapsed
     */
    public ReactiveRequests(Clock clock, int base, int max, Runnable onNewRequest, ReactiveMetrics metrics) {
        this.clock = clock;
        this.capacity = max > 0 ? Math.max(0, max - base) : UNCAPPED;
        this.onNewRequest = onNewRequest;
        this.metrics = metrics;
    }

    /** How many requests can have a runner at once: max-total minus the base pool. */
    public int capacity() {
        return capacity;
    }

    /** Opens or renews the request of a job. */
    public ReactiveApi.RequestState put(long jobId, ReactiveApi.RunnerRequest request) throws Invalid {
        check(jobId, request);
        Instant now = clock.instant();
        Open previous = open.put(jobId, new Open(request.jobUrl(), List.copyOf(request.labels()),
                now.plusSeconds(request.leaseSeconds())));
        if (previous != null && !previous.until().isAfter(now)) {
            metrics.runnerRequest("lapsed");
        }
        if (previous == null || !previous.until().isAfter(now)) {
            metrics.runnerRequest("opened");
            onNewRequest.run();
        }
        return new ReactiveApi.RequestState(jobId, demand(now), capacity);
    }

    /** Closes the request of a job: picked up, finished or dropped. */
    public void close(long jobId) {
        if (open.remove(jobId) != null) {
            metrics.runnerRequest("closed");
        }
    }

    public ReactiveApi.RequestList list() {
        Instant now = clock.instant();
        prune(now);
        return new ReactiveApi.RequestList(open.keySet().stream().sorted().toList());
    }

    @Override
    public int demand(Instant now) {
        prune(now);
        return open.size();
    }

    /** Forgets every request: the consumers are stopped (flush, relation gone) and will ask again. */
    public void clear() {
        open.clear();
    }

    private void prune(Instant now) {
        open.values().removeIf(request -> {
            boolean lapsed = !request.until().isAfter(now);
            if (lapsed) {
                metrics.runnerRequest("lapsed");
            }
            return lapsed;
        });
    }

    private static void check(long jobId, ReactiveApi.RunnerRequest request) throws Invalid {
        if (jobId <= 0) {
            throw new Invalid("job id must be a positive number");
        }
        if (request == null || request.jobUrl() == null || request.jobUrl().isBlank()
                || request.jobUrl().length() > MAX_TEXT) {
            throw new Invalid("job_url must be given, at most " + MAX_TEXT + " characters");
        }
        if (!HTTP_URL.matcher(request.jobUrl()).matches()) {
            throw new Invalid("job_url must be an http(s) URL of printable characters");
        }
        if (request.labels() == null || request.labels().size() > MAX_LABELS
                || request.labels().stream().anyMatch(l -> l == null || l.isEmpty() || l.length() > 100
                        || !PRINTABLE.matcher(l).matches())) {
            throw new Invalid("labels must be a list of at most " + MAX_LABELS + " labels of 1 to 100 printable characters");
        }
        if (request.leaseSeconds() < 1 || request.leaseSeconds() > MAX_LEASE.toSeconds()) {
            throw new Invalid("lease_seconds must be 1 to " + MAX_LEASE.toSeconds());
        }
    }
}
