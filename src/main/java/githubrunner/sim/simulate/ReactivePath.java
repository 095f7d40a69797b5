package githubrunner.sim.simulate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.juju.JujuLocal;
import githubrunner.sim.mongodb.MongoEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reactive half of {@code simulate --reactive}, played as a user would set it up: MongoDB
 * (the emulator) integrated as the mongodb_client provider, the router the charm hosts, a signed
 * repository webhook pointing at it, some deliveries lost on the way, and the operator running
 * {@code redeliver-failed-webhooks} when the hook's delivery log shows failures.
 */
final class ReactivePath implements AutoCloseable {
    /** The database the charm asks the provider for (data-platform-libs' requirer). */
    static final String DATABASE = "github-runner-webhook-router";
    /** The queue: the application's name, as the router's flavour. */
    static final String QUEUE = "github-runner";
    static final String MESSAGES = "messages";
    /** Where the consumers move the messages they dropped or gave up on, with the reason. */
    static final String DEAD_LETTERS = "github-runner.dead-letters";
    /** A test value, generated per run would be no safer: the emulator and the router both live here. */
    static final String WEBHOOK_SECRET = "simulated-webhook-secret-not-a-credential";
    static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final MongoEmulator mongo;
    private final MongoClient client;
    private final int routerPort;
    private final AtomicInteger redeliveryRuns = new AtomicInteger();
    private final AtomicInteger redeliveryFailures = new AtomicInteger();
    private final AtomicInteger redeliveredByAction = new AtomicInteger();
    private volatile long hookId;

    private ReactivePath(MongoEmulator mongo, int routerPort) {
        this.mongo = mongo;
        this.routerPort = routerPort;
        this.client = MongoClients.create(mongo.uri(DATABASE));
    }

    static ReactivePath start() throws IOException {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("de.bwaldvogel.mongo"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        MongoEmulator mongo = MongoEmulator.start(0);
        try {
            mongo.prepareForKombu(DATABASE);
            return new ReactivePath(mongo, freePort());
        } catch (RuntimeException | IOException e) {
            mongo.close();
            throw e;
        }
    }

    /** The router's options: one flavour (this application) for the jobs' labels, the secret as a Juju secret. */
    void addCharmConfig(Map<String, Object> config, JujuLocal juju) {
        config.put("webhook-router-flavours", "- " + QUEUE + ": [x64]\n");
        config.put("webhook-router-default-flavour", QUEUE);
        config.put("webhook-secret-id", juju.addSecret(Map.of("webhook-secret", WEBHOOK_SECRET)));
        config.put("webhook-router-port", routerPort);
    }

    /**
     * Integrates mongodb as data-platform-libs' provider answers: created and joined (the charm
     * waits for credentials), then the provider's secret granted to the relation.
     */
    void integrate(JujuLocal juju) {
        int relation = juju.addRelation("mongodb", "mongodb");
        expectSuccess(juju.runRelationHook(relation, "created", ""));
        juju.setRemoteUnitData(relation, "mongodb/0", Map.of());
        expectSuccess(juju.runRelationHook(relation, "joined", "mongodb/0"));
        String secret = juju.addRelationSecret(relation, Map.of("username", "relation-" + relation,
                "password", "simulated-password", "uris", mongo.uri(DATABASE)));
        expectSuccess(juju.changeRemoteApp(relation, Map.of("database", DATABASE, "secret-user", secret)));
    }

    /** Waits for the hosted router, then points a repository hook at it; deliveries are then lost at {@code dropRate}. */
    void hookUp(GitHubEmulator github, String repository, double dropRate, long seed) throws InterruptedException {
        Instant deadline = Instant.now().plus(ROUTER_TIMEOUT);
        while (routerHealth() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the hosted webhook router did not answer /health on port " + routerPort
                        + " within " + ROUTER_TIMEOUT.toSeconds() + "s");
            }
            Thread.sleep(250);
        }
        hookId = github.addWebhook(repository, webhookUrl(), WEBHOOK_SECRET);
        github.webhookDropRate(dropRate, seed);
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + routerPort + "/webhook";
    }

    /**
     * What an operator does on seeing failed deliveries in the hook's log: runs the action, here
     * over the whole run so far. A failed run (a 5xx from the emulator's faults) is tried again next time.
     */
    void redeliverFailed(JujuLocal juju, String repository, Duration runningFor) {
        redeliveryRuns.incrementAndGet();
        JujuLocal.ActionRun run = juju.runAction("redeliver-failed-webhooks", Map.of(
                "since", runningFor.toSeconds() + 60, "github-path", repository, "webhook-id", hookId));
        if (!"completed".equals(run.status())) {
            redeliveryFailures.incrementAndGet();
            return;
        }
        Object redelivered = run.results().get("redelivered");
        if (redelivered != null) {
            try {
                redeliveredByAction.addAndGet(Integer.parseInt(redelivered.toString()));
            } catch (NumberFormatException ignored) {
                // the count is for the summary only
            }
        }
    }

    /** The queue as MongoDB holds it now; null counts when it could not be read. */
    QueueReading queue() {
        try {
            var db = client.getDatabase(DATABASE);
            return new QueueReading(db.getCollection(MESSAGES).countDocuments(Filters.eq("queue", QUEUE)),
                    db.getCollection(DEAD_LETTERS).countDocuments(), redeliveryRuns.get(), redeliveryFailures.get(),
                    redeliveredByAction.get());
        } catch (RuntimeException e) {
            return new QueueReading(-1, -1, redeliveryRuns.get(), redeliveryFailures.get(), redeliveredByAction.get());
        }
    }

    /**
     * @param waiting messages of this application's queue (claimed or not), -1 when MongoDB did not answer
     * @param deadLetters messages the consumers dropped or gave up on, with their reason
     * @param actionRuns redeliver-failed-webhooks runs, and how many of them failed
     * @param redelivered deliveries the action asked GitHub to redeliver
     */
    record QueueReading(long waiting, long deadLetters, int actionRuns, int actionFailures, int redelivered) {}

    private int routerHealth() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void expectSuccess(JujuLocal.HookRun run) {
        if (!run.succeeded()) {
            throw new IllegalStateException(run.event() + " failed (exit " + run.exitCode() + "):\n" + run.stderr());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            mongo.close();
        }
    }
}
