package githubrunner.manager;

import githubrunner.contract.ReactiveApi;
import githubrunner.metrics.ReactiveMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import githubrunner.common.InstanceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reactive jobs this unit's consumers asked runners for ({@link ReactiveApi}): the demand the
 * reconciler adds to the base pool. A request stays open while its consumer renews it; a consumer
 * that dies stops renewing, and its requests lapse at the end of their lease.
 *
 * <p>Each runner created for the demand is given to a waiting request. Once that runner is busy,
 * the request no longer counts, although it stays open until its consumer sees the job picked up
 * (its next check, seconds later): the reconciler counts the busy runner already, and counting the
 * request too would make a second runner. Should the runner have taken another job, the request
 * counts again after {@link #PICKUP_WAIT}, long enough for the consumer's checks to close it if
 * its job was picked up, or at once when a job with no runner of its own is closed ({@link #close}).
 */
public final class ReactiveRequests implements DemandSource {
    /** Without max-total-virtual-machines, no more requests than this are served at once. */
    static final int UNCAPPED = 1000;
    static final Duration MAX_LEASE = Duration.ofMinutes(10);
    /** How long a request whose runner is busy waits for its consumer to close it before it counts again. */
    static final Duration PICKUP_WAIT = Duration.ofSeconds(90);
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

    /**
     * @param runner the runner created for it, or null
     * @param busySince when its runner was first seen busy, or null
     */
    private record Open(String jobUrl, List<String> labels, Instant until, InstanceName runner, Instant busySince) {
        Open renewed(String url, List<String> newLabels, Instant newUntil) {
            return new Open(url, newLabels, newUntil, runner, busySince);
        }

        Open withRunner(InstanceName name, Instant busy) {
            return new Open(jobUrl, labels, until, name, busy);
        }
    }

    private final Map<Long, Open> open = new HashMap<>();
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
    public synchronized ReactiveApi.RequestState put(long jobId, ReactiveApi.RunnerRequest request) throws Invalid {
        check(jobId, request);
        Instant now = clock.instant();
        Instant until = now.plusSeconds(request.leaseSeconds());
        List<String> labels = List.copyOf(request.labels());
        Open was = open.get(jobId);
        boolean fresh = was == null || !was.until().isAfter(now);
        if (was != null && fresh) {
            metrics.runnerRequest("lapsed");
        }
        open.put(jobId, fresh ? new Open(request.jobUrl(), labels, until, null, null)
                : was.renewed(request.jobUrl(), labels, until));
        if (fresh) {
            metrics.runnerRequest("opened");
            onNewRequest.run();
        }
        return new ReactiveApi.RequestState(jobId, open(now), capacity);
    }

    /**
     * Closes the request of a job: picked up, finished or dropped. A job that had no runner of its
     * own was taken by another one; if a request waits for its busy runner's job to be seen picked
     * up, that runner most likely took this job instead (its own stays queued): that request waits
     * again at once, rather than after {@link #PICKUP_WAIT}. Should the guess be wrong, the extra
     * runner is pool surplus, removed after its idle time.
     */
    public synchronized void close(long jobId) {
        Open closed = open.remove(jobId);
        if (closed == null) {
            return;
        }
        metrics.runnerRequest("closed");
        if (closed.runner() != null) {
            return; // its own runner, if it did not take it, is a spare for whichever job its runner left
        }
        open.entrySet().stream().filter(e -> e.getValue().busySince() != null)
                .min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Open::busySince)))
                .ifPresent(served -> {
                    served.setValue(served.getValue().withRunner(null, null));
                    onNewRequest.run();
                });
    }

    public synchronized ReactiveApi.RequestList list() {
        prune(clock.instant());
        return new ReactiveApi.RequestList(open.keySet().stream().sorted().toList());
    }

    /** Requests open at {@code now}, whatever their runners do. */
    public synchronized int open(Instant now) {
        prune(now);
        return open.size();
    }

    @Override
    public synchronized int demand(Instant now, Fleet fleet) {
        prune(now);
        Map<InstanceName, Runner.State> states = new HashMap<>();
        for (Runner runner : fleet.runners()) {
            states.put(runner.name(), runner.state());
        }
        int waiting = 0;
        for (Map.Entry<Long, Open> entry : open.entrySet()) {
            Open request = entry.getValue();
            if (request.busySince() == null && request.runner() != null) {
                Runner.State state = states.get(request.runner());
                if (state == Runner.State.BUSY || state == Runner.State.FINISHED) {
                    request = request.withRunner(request.runner(), now); // it took a job
                } else if (state != Runner.State.STARTING && state != Runner.State.IDLE) {
                    request = request.withRunner(null, null); // its runner is gone or broken: it waits
                }
            }
            if (request.busySince() != null && !request.busySince().plus(PICKUP_WAIT).isAfter(now)) {
                request = request.withRunner(null, null); // still open: its runner took another job
            }
            entry.setValue(request);
            if (request.busySince() == null) {
                waiting++;
            }
        }
        return waiting;
    }

    @Override
    public synchronized void created(List<InstanceName> runners) {
        List<Long> unserved = open.entrySet().stream().filter(e -> e.getValue().runner() == null).map(Map.Entry::getKey)
                .sorted().toList();
        for (int i = 0; i < Math.min(unserved.size(), runners.size()); i++) {
            long jobId = unserved.get(i);
            open.put(jobId, open.get(jobId).withRunner(runners.get(i), null));
        }
    }

    /** Forgets every request: the consumers are stopped (flush, relation gone) and will ask again. */
    public synchronized void clear() {
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
