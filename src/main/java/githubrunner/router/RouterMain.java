package githubrunner.router;

import githubrunner.reactive.MongoConnection;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.common.LoggingSetup;
import githubrunner.contract.RouterConfig;
import githubrunner.contract.RouterConfigFile;
import githubrunner.contract.RoutingRules;
import githubrunner.github.GitHubException;
import githubrunner.github.HookDeliveries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * {@code github-runner webhook-router --config FILE}: serves GitHub's webhooks until SIGTERM.
 * {@code github-runner webhook-router redeliver --config FILE --since SECONDS --webhook-id ID
 * --github-path PATH}: one redelivery pass over a hook's failed queued-job deliveries (what the
 * charm's {@code redeliver-failed-webhooks} action runs); prints {@code {"redelivered": N, ...}}.
 * Secrets come from the 0600 config file only, never from the command line.
 */
public final class RouterMain {
    /** How the router names itself to MongoDB. */
    static final String APPLICATION_NAME = "github-runner-webhook-router";
    private static final String USAGE = """
            usage: github-runner webhook-router --config FILE
                   github-runner webhook-router redeliver --config FILE --since SECONDS --webhook-id ID --github-path PATH
            """;
    private static final Map<String, String> LOG_LEVELS = Map.of("CRITICAL", "ERROR", "FATAL", "ERROR", "ERROR", "ERROR",
            "WARNING", "WARN", "INFO", "INFO", "DEBUG", "DEBUG");

    private RouterMain() {}

    public static int run(String[] args) throws InterruptedException {
        boolean redeliver = args.length > 0 && args[0].equals("redeliver");
        Path configFile = null;
        Long since = null;
        Long hookId = null;
        String path = null;
        try {
            for (int i = redeliver ? 1 : 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> configFile = Path.of(args[++i]);
                    case "--since" -> since = Long.parseLong(args[++i]);
                    case "--webhook-id" -> hookId = Long.parseLong(args[++i]);
                    case "--github-path" -> path = args[++i];
                    default -> {
                        System.err.print(USAGE);
                        return 2;
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            System.err.print(USAGE);
            return 2;
        }
        if (configFile == null || (redeliver && (since == null || hookId == null || path == null))) {
            System.err.print(USAGE);
            return 2;
        }
        RouterConfig config;
        try {
            String exposed = exposure(configFile);
            if (exposed != null) {
                System.err.println("github-runner webhook-router: " + configFile + " holds secrets and is " + exposed
                        + ": chmod 600 it");
                return 1;
            }
            config = RouterConfigFile.read(configFile);
        } catch (IOException e) {
            System.err.println("github-runner webhook-router: cannot read " + configFile + ": " + e.getMessage());
            return 1;
        }
        System.setProperty(LoggingSetup.LEVEL_PROPERTY, LOG_LEVELS.getOrDefault(
                config.logLevel() == null ? "INFO" : config.logLevel(), "INFO"));
        System.setProperty(LoggingSetup.NAME_PROPERTY, config.unit() == null ? "webhook-router" : config.unit());
        return redeliver ? redeliver(config, since, hookId, path) : serve(config);
    }

    /** Why other users could read the file (group or world permissions), or null when only its owner can. */
    static String exposure(Path file) throws IOException {
        var permissions = java.nio.file.Files.getPosixFilePermissions(file);
        if (permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
            return "readable by every user";
        }
        if (permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)) {
            return "readable by its group";
        }
        return null;
    }

    private static int serve(RouterConfig config) throws InterruptedException {
        WebhookRouter router;
        try {
            router = WebhookRouter.start(config, Clock.systemUTC());
        } catch (RoutingRules.InvalidRules | IllegalArgumentException e) {
            System.err.println("github-runner webhook-router: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("github-runner webhook-router: cannot start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                router.close();
                stopped.countDown();
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> stop.run());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
        stopped.await();
        return 0;
    }

    /** Exit 0 with the counts; 1 for bad parameters or config; 3 when GitHub refused or failed. */
    private static int redeliver(RouterConfig config, long since, long hookId, String path) throws InterruptedException {
        if (config.github() == null) {
            System.err.println("no GitHub credentials in the router config: cannot list deliveries");
            return 1;
        }
        if (since <= 0) {
            System.err.println("since must be a positive number of seconds");
            return 1;
        }
        HookDeliveries.Hook hook;
        try {
            hook = new HookDeliveries.Hook(path, hookId);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        MongoConnection mongo = config.mongodbUri() == null ? null : MongoConnection.open(config.mongodbUri(), config.database(), APPLICATION_NAME,
                MongoConnection.Limits.PROMPT);
        try {
            DeliveryLedger ledger = mongo == null ? null : new DeliveryLedger(mongo.database(), Clock.systemUTC(),
                    Duration.ofSeconds(config.jobWindowSeconds()));
            RedeliveryPass pass = new RedeliveryPass(WebhookRouter.deliveries(config), ledger,
                    WebhookRouter.pacer(config.paceMillis()));
            RedeliveryPass.Result result = pass.run(hook, Instant.now().minusSeconds(since));
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("redelivered", result.redelivered());
            out.put("failed", result.failed());
            out.put("already-enqueued", result.settled());
            out.put("errors", result.errors());
            if (result.stoppedBy() != null) {
                out.put("stopped", result.stoppedBy());
            }
            System.out.println(out);
            return 0;
        } catch (GitHubException e) {
            System.err.println("redelivery failed: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        } finally {
            if (mongo != null) {
                mongo.close();
            }
        }
    }
}
