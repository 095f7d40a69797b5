package githubrunner.router;

import githubrunner.reactive.MongoConnection;
import com.mongodb.MongoException;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.contract.RoutingRules;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import githubrunner.github.HookDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook router: the HTTP front, the queue, the ledger, and the upkeep around them (MongoDB
 * probe, unit heartbeat, pruning, hooks learnt, automatic redelivery). Every unit runs one; they
 * share nothing but the database, so any of them can take any delivery.
 */
public final class WebhookRouter implements AutoCloseable {
    /** Workers doing MongoDB work; with MongoDB's pool of 32 they never wait for a connection long. */
    static final int WORKERS = 16;
    static final int WORK_QUEUE = 512;
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
    static final String DEFAULT_LABELS = "self-hosted,linux";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRouter.class);

    private final RouterConfig config;
    private final Clock clock;
    private final MongoConnection mongo;
    private final MongoHealth health;
    private final QueueSetup setup;
    private final JobQueue queue;
    private final RouterState state;
    private final KnownHooks hooks;
    private final RouterMetrics metrics;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService upkeep;
    private final AutomaticRedelivery redelivery;
    private final RouterHttpServer http;
    private final AtomicBoolean heartbeatDone = new AtomicBoolean();
    private final AtomicBoolean hooksLoaded = new AtomicBoolean();

    private WebhookRouter(RouterConfig config, RoutingRules rules, Clock clock, Duration settleDelay) {
        this.config = config;
        this.clock = clock;
        health = new MongoHealth(clock);
        mongo = MongoConnection.open(config.mongodbUri(), config.database(), RouterMain.APPLICATION_NAME,
                MongoConnection.Limits.PROMPT);
        RoutingTable table = new RoutingTable(rules);
        setup = new QueueSetup(mongo.database(), table.queues());
        queue = new JobQueue(mongo, setup, clock, Duration.ofSeconds(config.jobWindowSeconds()), health);
        state = new RouterState(mongo.database(), clock);
        hooks = new KnownHooks(configuredHooks(config));
        metrics = new RouterMetrics(health::isUp);
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WORK_QUEUE),
                daemons("webhook-router-worker"), new ThreadPoolExecutor.AbortPolicy());
        upkeep = Executors.newSingleThreadScheduledExecutor(daemons("webhook-router-upkeep"));
        redelivery = config.github() == null ? null : new AutomaticRedelivery(
                new RedeliveryPass(deliveries(config), queue.ledger(), pacer(config.paceMillis())),
                hooks, state, metrics, config.unit(), clock, settleDelay);
        if (redelivery != null) {
            queue.onInFlight(redelivery::request);
            health.onRecovery(since -> {
                LOG.info("MongoDB is back (failing since {}): redelivering failed deliveries", since);
                redelivery.request(since);
            });
        }
        hooks.onNew(hook -> upkeep.execute(() -> {
            LOG.info("learnt webhook {} from a delivery", hook);
            quietly(() -> state.saveHook(hook));
        }));
        SignatureVerifier verifier = config.allowUnsigned() && config.webhookSecret() == null ? null
                : new SignatureVerifier(config.webhookSecret());
        WebhookProcessor processor = new WebhookProcessor(verifier, rules.defaultLabels(), table, queue, metrics, hooks);
        HealthCheck check = new HealthCheck(mongo, health, workers, clock);
        http = new RouterHttpServer(config.listenAddress(), config.port(),
                new RouterHandler(processor, check, metrics, workers));
    }

    /** Validates the config, then serves: HTTP first, so GitHub gets 503 rather than a refused connection while MongoDB is away. */
    public static WebhookRouter start(RouterConfig config, Clock clock) throws Exception {
        return start(config, clock, AutomaticRedelivery.settleDelay());
    }

    static WebhookRouter start(RouterConfig config, Clock clock, Duration settleDelay) throws Exception {
        RoutingRules rules = rules(config);
        WebhookRouter router = new WebhookRouter(config, rules, clock, settleDelay);
        router.http.start();
        router.upkeep.scheduleWithFixedDelay(router::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        router.upkeep.scheduleWithFixedDelay(router::heartbeat, HEARTBEAT_INTERVAL.toMillis(),
                HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        router.upkeep.scheduleWithFixedDelay(router::prune, PRUNE_INTERVAL.toMillis(), PRUNE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("webhook router {} listening on {}:{}; flavours {}, default {}, {}", config.unit(),
                config.listenAddress(), router.port(), rules.flavours().stream().map(RoutingRules.Flavour::name).toList(),
                rules.defaultFlavour(), router.redelivery == null ? "no redelivery (no GitHub credentials)"
                        : "failed deliveries redelivered after outages");
        return router;
    }

    /** The config's routing table and secret rules, with the Python router's messages. */
    static RoutingRules rules(RouterConfig config) throws RoutingRules.InvalidRules {
        if ((config.webhookSecret() == null || config.webhookSecret().isEmpty()) && !config.allowUnsigned()) {
            throw new RoutingRules.InvalidRules("webhook-secret config is not set! (allow-unsigned: true is for tests only)");
        }
        return RoutingRules.fromTree(config.flavours(), config.defaultFlavour(),
                config.defaultLabels() == null ? DEFAULT_LABELS : String.join(",", config.defaultLabels()),
                RoutingRules.OptionNames.ROUTER_FILE);
    }

    public int port() {
        return http.port();
    }

    /** One MongoDB round trip when nothing else proved it alive lately: outages are seen without traffic. */
    private void probe() {
        if (health.isUp() && health.lastSuccess().plus(PROBE_INTERVAL.multipliedBy(5)).isAfter(clock.instant())) {
            return;
        }
        try {
            mongo.ping();
            health.succeeded();
            setup.ensure();
            if (!hooksLoaded.get()) {
                state.hooks().forEach(hooks::add);
                hooksLoaded.set(true);
            }
            if (!heartbeatDone.get()) {
                heartbeat();
            }
        } catch (MongoException e) {
            health.failed();
        } catch (RuntimeException e) {
            LOG.warn("upkeep failed", e);
        }
    }

    /** The first heartbeat tells since when this unit was away: deliveries may have failed since then. */
    private void heartbeat() {
        try {
            var previous = state.heartbeat(config.unit());
            if (heartbeatDone.compareAndSet(false, true) && previous.isPresent() && redelivery != null) {
                LOG.info("last alive at {}: redelivering deliveries that failed since", previous.get());
                redelivery.request(previous.get());
            }
        } catch (MongoException e) {
            health.failed();
        }
    }

    private void prune() {
        quietly(() -> LOG.debug("pruned {} ledger documents", queue.ledger().prune(Duration.ofHours(config.retentionHours()))));
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (MongoException e) {
            LOG.debug("MongoDB upkeep step failed: {}", e.getMessage());
        }
    }

    static HookDeliveries deliveries(RouterConfig config) {
        return new HookDeliveries(GitHubClient.create(target(config.github()), prefix(config.unit()),
                GitHubClientOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15))));
    }

    static GitHubTarget target(ManagerConfig.GitHub github) {
        ManagerConfig.GitHubPath path = github.path();
        ManagerConfig.GitHubAuth auth = github.auth();
        if (path == null || auth == null) {
            throw new IllegalArgumentException("github needs a path and credentials to redeliver webhooks");
        }
        return new GitHubTarget(github.apiUrl(), new GitHubPath(path.org(), path.group(), path.owner(), path.repo()),
                new GitHubAuth(auth.token(), auth.appClientId(), auth.appInstallationId(), auth.appPrivateKey()));
    }

    static RedeliveryPass.Pacer pacer(long millis) {
        return () -> Thread.sleep(millis);
    }

    private static String prefix(String unit) {
        String prefix = unit == null ? "" : unit.replaceAll("[^A-Za-z0-9-]", "-");
        return prefix.isEmpty() || prefix.length() > 40 ? "webhook-router" : prefix;
    }

    private static List<HookDeliveries.Hook> configuredHooks(RouterConfig config) {
        return config.hooks() == null ? List.of()
                : config.hooks().stream().map(hook -> new HookDeliveries.Hook(hook.path(), hook.id())).toList();
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops accepting, lets answers in progress finish, then closes MongoDB. */
    @Override
    public void close() {
        try {
            http.close();
        } catch (Exception e) {
            LOG.debug("HTTP server stop: {}", e.getMessage());
        }
        upkeep.shutdownNow();
        if (redelivery != null) {
            redelivery.close();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.ledger().close();
        mongo.close();
    }

    Instant now() {
        return clock.instant();
    }
}
