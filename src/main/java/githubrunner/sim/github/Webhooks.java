package githubrunner.sim.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Repository and organisation webhooks as GitHub has them: on each job event (queued, in_progress,
 * completed) every hook of the job's repository and of its organisation gets a signed
 * {@code workflow_job} delivery, shaped as the official samples, POSTed within GitHub's 10 s; a new
 * hook gets a {@code ping}. Each attempt is recorded with its outcome, listed newest first as
 * GitHub's deliveries API does, and can be redelivered (same guid, {@code redelivery: true}).
 * GitHub never retries a failed delivery by itself, and neither does this. Deliveries can be
 * dropped on purpose ({@link #setDropRate}): recorded as failed, never sent. Which ones is drawn
 * per job, action and attempt from the seed, so a seed loses the same deliveries whatever order
 * the events of concurrent jobs come in.
 */
final class Webhooks implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "GitHub-Hookshot/emulator";

    private final EmulatorState state;
    private final Views views;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "github-emulator-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, Hook> hooks = new LinkedHashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private long nextHookId = 1;
    private long nextAttemptId = 1;
    private double dropRate;
    private long dropSeed = 1;

    private record Hook(long id, SimScope scope, String url, String secret) {}

    /** An attempt: what was sent, and (once answered) what came back. Guarded by the Webhooks lock. */
    private static final class Attempt {
        final long id;
        final Hook hook;
        final String guid;
        final String event;
        final String action;
        final long jobId;
        final byte[] payload;
        final boolean redelivery;
        Instant deliveredAt;
        int statusCode;
        String status = "pending";
        double duration;
        String response = "";

        Attempt(long id, Hook hook, String guid, String event, String action, long jobId, byte[] payload,
                boolean redelivery) {
            this.id = id;
            this.hook = hook;
            this.guid = guid;
            this.event = event;
            this.action = action;
            this.jobId = jobId;
            this.payload = payload;
            this.redelivery = redelivery;
        }

        WebhookDelivery view() {
            return new WebhookDelivery(id, hook.id(), guid, event, action, jobId, deliveredAt, redelivery, statusCode,
                    status, duration, response);
        }
    }

    Webhooks(EmulatorState state, Views views, Clock clock) {
        this.state = state;
        this.views = views;
        this.clock = clock;
    }

    /** Registers a hook for {@code workflow_job} events and pings it; returns its id. */
    long add(SimScope scope, String url, String secret) {
        URI.create(url); // fails early on a malformed URL
        Hook hook;
        synchronized (this) {
            hook = new Hook(nextHookId++, scope, url, secret);
            hooks.put(hook.id(), hook);
        }
        ObjectNode ping = JsonNodes.object();
        ping.put("zen", "Keep it logically awesome.");
        ping.put("hook_id", hook.id());
        ObjectNode config = ping.putObject("hook");
        config.put("type", scope.isOrganisation() ? "Organization" : "Repository");
        config.put("id", hook.id());
        config.putArray("events").add("workflow_job");
        config.put("active", true);
        addScope(ping, scope);
        send(hook, UUID.randomUUID().toString(), "ping", null, 0, JsonNodes.bytes(ping), false);
        return hook.id();
    }

    synchronized void setDropRate(double rate, long seed) {
        dropRate = rate;
        dropSeed = seed;
    }

    /** A job changed: every hook of its repository and organisation gets the event (one guid for all). */
    void jobEvent(long jobId, String action) {
        Optional<JobView> job = state.job(jobId);
        if (job.isEmpty()) {
            return;
        }
        JobView view = job.get();
        ObjectNode payload = JsonNodes.object();
        payload.put("action", action);
        ObjectNode workflowJob = views.job(view);
        workflowJob.put("status", action.equals("queued") ? "queued" : workflowJob.path("status").asText());
        payload.set("workflow_job", workflowJob);
        SimScope repository = state.repository(view.owner(), view.repo()).orElse(SimScope.repository(view.owner(), view.repo()));
        payload.set("repository", views.repository(repository, state.objectId(repository)));
        Optional<SimScope> organisation = state.organisation(view.owner());
        organisation.ifPresent(org -> payload.set("organization", views.organisation(org, state.objectId(org))));
        payload.set("sender", views.user());
        byte[] body = JsonNodes.bytes(payload);
        String guid = UUID.randomUUID().toString();
        for (Hook hook : hooksFor(repository, organisation.orElse(null))) {
            send(hook, guid, "workflow_job", action, jobId, body, false);
        }
    }

    private synchronized List<Hook> hooksFor(SimScope repository, SimScope organisation) {
        return hooks.values().stream().filter(hook -> hook.scope().key().equals(repository.key())
                || (organisation != null && hook.scope().key().equals(organisation.key()))).toList();
    }

    private void addScope(ObjectNode payload, SimScope scope) {
        if (scope.isOrganisation()) {
            payload.set("organization", views.organisation(scope, state.objectId(scope)));
        } else {
            payload.set("repository", views.repository(scope, state.objectId(scope)));
        }
        payload.set("sender", views.user());
    }

    private void send(Hook hook, String guid, String event, String action, long jobId, byte[] payload, boolean redelivery) {
        Attempt attempt;
        boolean drop;
        synchronized (this) {
            attempt = new Attempt(nextAttemptId++, hook, guid, event, action, jobId, payload, redelivery);
            attempts.add(attempt);
            drop = !event.equals("ping") && dropRate > 0 && dropDraw(hook, guid, action, jobId) < dropRate;
        }
        if (drop) {
            finish(attempt, 0, "timed out (dropped by the emulator)", "", Duration.ZERO);
            return;
        }
        inFlight.incrementAndGet();
        try {
            senders.execute(() -> post(attempt));
        } catch (RejectedExecutionException closed) {
            inFlight.decrementAndGet();
        }
    }

    /** The same for the n-th attempt of a job's event at a hook under one seed; fresh for each redelivery. */
    private double dropDraw(Hook hook, String guid, String action, long jobId) {
        long earlier = attempts.stream().filter(a -> a.hook == hook && a.guid.equals(guid)).count() - 1;
        long key = dropSeed;
        for (long part : new long[] {hook.id(), jobId, action == null ? 0 : action.hashCode(), earlier}) {
            key = key * 1_000_003L + part;
        }
        return new SplittableRandom(key).nextDouble();
    }

    private void post(Attempt attempt) {
        Hook hook = attempt.hook;
        Instant start = clock.instant();
        long started = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(attempt.payload))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header("X-GitHub-Event", attempt.event)
                    .header("X-GitHub-Delivery", attempt.guid)
                    .header("X-GitHub-Hook-ID", Long.toString(hook.id()))
                    .header("X-GitHub-Hook-Installation-Target-Type", hook.scope().isOrganisation() ? "organization" : "repository")
                    .header("X-GitHub-Hook-Installation-Target-ID", Long.toString(state.objectId(hook.scope())));
            if (hook.secret() != null && !hook.secret().isEmpty()) {
                request.header("X-Hub-Signature-256", "sha256=" + hmac("HmacSHA256", hook.secret(), attempt.payload));
                request.header("X-Hub-Signature", "sha1=" + hmac("HmacSHA1", hook.secret(), attempt.payload));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String status = response.statusCode() >= 200 && response.statusCode() < 300 ? "OK"
                    : "Invalid HTTP Response: " + response.statusCode();
            finish(attempt, response.statusCode(), status, response.body(), Duration.ofNanos(System.nanoTime() - started),
                    start);
        } catch (java.net.http.HttpTimeoutException e) {
            finish(attempt, 0, "timed out", "", Duration.ofNanos(System.nanoTime() - started), start);
        } catch (java.io.IOException e) {
            finish(attempt, 0, "failed to connect to host", "", Duration.ofNanos(System.nanoTime() - started), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void finish(Attempt attempt, int statusCode, String status, String response, Duration duration) {
        finish(attempt, statusCode, status, response, duration, clock.instant());
    }

    private synchronized void finish(Attempt attempt, int statusCode, String status, String response, Duration duration,
                                     Instant at) {
        attempt.deliveredAt = at;
        attempt.statusCode = statusCode;
        attempt.status = status;
        attempt.response = response.length() > 1000 ? response.substring(0, 1000) : response;
        attempt.duration = duration.toNanos() / 1e9;
    }

    /** Deliveries under way (sent and not answered yet). */
    int inFlight() {
        return inFlight.get();
    }

    synchronized List<WebhookDelivery> log() {
        return attempts.stream().filter(a -> a.deliveredAt != null).map(Attempt::view).toList();
    }

    synchronized boolean exists(SimScope scope, long hookId) {
        Hook hook = hooks.get(hookId);
        return hook != null && hook.scope().key().equals(scope.key());
    }

    /** GitHub's list: finished attempts of one hook, newest first, {@code cursor} = id to start below. */
    synchronized List<ObjectNode> list(long hookId, long below, int limit) {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = attempts.size() - 1; i >= 0 && items.size() < limit; i--) {
            Attempt attempt = attempts.get(i);
            if (attempt.hook.id() == hookId && attempt.deliveredAt != null && attempt.id < below) {
                items.add(item(attempt));
            }
        }
        return items;
    }

    /** {@code GET .../deliveries/{id}}: the item plus the request and response. */
    synchronized Optional<ObjectNode> get(long hookId, long deliveryId) {
        return attempts.stream().filter(a -> a.id == deliveryId && a.hook.id() == hookId && a.deliveredAt != null)
                .findFirst().map(attempt -> {
                    ObjectNode node = item(attempt);
                    node.put("url", attempt.hook.url());
                    ObjectNode request = node.putObject("request");
                    request.putObject("headers").put("X-GitHub-Event", attempt.event).put("X-GitHub-Delivery", attempt.guid);
                    request.set("payload", tree(attempt.payload));
                    ObjectNode response = node.putObject("response");
                    response.putObject("headers");
                    response.put("payload", attempt.response);
                    return node;
                });
    }

    /** {@code POST .../deliveries/{id}/attempts}: the same event again, as a new attempt. */
    boolean redeliver(long hookId, long deliveryId) {
        Attempt original;
        synchronized (this) {
            original = attempts.stream().filter(a -> a.id == deliveryId && a.hook.id() == hookId && a.deliveredAt != null)
                    .findFirst().orElse(null);
        }
        if (original == null) {
            return false;
        }
        send(original.hook, original.guid, original.event, original.action, original.jobId, original.payload, true);
        return true;
    }

    private static ObjectNode item(Attempt attempt) {
        ObjectNode node = JsonNodes.object();
        node.put("id", attempt.id);
        node.put("guid", attempt.guid);
        node.put("delivered_at", Json.time(attempt.deliveredAt));
        node.put("redelivery", attempt.redelivery);
        node.put("duration", attempt.duration);
        node.put("status", attempt.status);
        node.put("status_code", attempt.statusCode);
        node.put("event", attempt.event);
        node.put("action", attempt.action);
        node.putNull("installation_id");
        node.putNull("repository_id");
        node.putNull("throttled_at");
        return node;
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(byte[] payload) {
        try {
            return JsonNodes.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            return JsonNodes.object();
        }
    }

    private static String hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
