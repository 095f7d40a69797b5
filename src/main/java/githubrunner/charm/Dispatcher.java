package githubrunner.charm;

import githubrunner.charm.cos.CosAgentHandler;
import githubrunner.charm.handlers.CheckRunnersAction;
import githubrunner.charm.handlers.ConfigureHandler;
import githubrunner.charm.handlers.FlushRunnersAction;
import githubrunner.charm.handlers.ImageRelationJoinedHandler;
import githubrunner.charm.handlers.InstallHandler;
import githubrunner.charm.handlers.MongoDbRelationCreatedHandler;
import githubrunner.charm.handlers.RedeliverWebhooksAction;
import githubrunner.charm.handlers.StopHandler;
import githubrunner.charm.handlers.UpdateStatusHandler;
import githubrunner.charm.handlers.UpgradeCharmHandler;
import githubrunner.common.HookLogSink;
import githubrunner.juju.HookToolBackend;
import githubrunner.juju.JujuBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a Juju event onto its handler, and a handler's outcome onto the process exit code.
 *
 * <p>Handlers are created on demand and logging starts only when something logs: update-status
 * runs every few minutes on every unit, and the classes of other hooks, logback and Jackson's
 * databind would otherwise double its start-up (docs/PERFORMANCE.md, hook latency).
 */
public final class Dispatcher {
    private final Map<String, Supplier<Handler>> hooks = new HashMap<>();
    private final Map<String, Supplier<Handler>> actions = new HashMap<>();

    public Dispatcher() {
        for (String hook : new String[] {"config-changed", "start", "leader-elected", "secret-changed",
                "image-relation-changed", "image-relation-departed", "image-relation-broken",
                "debug-ssh-relation-changed", "debug-ssh-relation-departed", "debug-ssh-relation-broken",
                "mongodb-relation-changed", "mongodb-relation-broken"}) {
            hooks.put(hook, ConfigureHandler::new);
        }
        hooks.put("install", InstallHandler::new);
        hooks.put("upgrade-charm", () -> new UpgradeCharmHandler(new ConfigureHandler()).andThen(new CosAgentHandler()));
        hooks.put("config-changed", () -> new ConfigureHandler().andThen(new CosAgentHandler()));
        hooks.put("cos-agent-relation-joined", CosAgentHandler::new);
        hooks.put("cos-agent-relation-changed", CosAgentHandler::new);
        hooks.put("image-relation-joined", ImageRelationJoinedHandler::new);
        // The mongodb relation and secrets start and stop the hosted router: its scrape job follows.
        for (String hook : new String[] {"mongodb-relation-changed", "mongodb-relation-broken", "secret-changed"}) {
            hooks.put(hook, () -> new ConfigureHandler().andThen(new CosAgentHandler()));
        }
        hooks.put("mongodb-relation-created",
                () -> new MongoDbRelationCreatedHandler(new ConfigureHandler()).andThen(new CosAgentHandler()));
        hooks.put("mongodb-relation-joined",
                () -> new MongoDbRelationCreatedHandler(new ConfigureHandler()).andThen(new CosAgentHandler()));
        hooks.put("update-status", UpdateStatusHandler::new);
        hooks.put("stop", StopHandler::new);
        actions.put("check-runners", CheckRunnersAction::new);
        actions.put("flush-runners", FlushRunnersAction::new);
        actions.put("redeliver-failed-webhooks", RedeliverWebhooksAction::new);
    }

    private static Logger log() {
        return LoggerFactory.getLogger(Dispatcher.class);
    }

    /** Entry point of {@code github-runner hook}: the JVM that dispatch starts. */
    public static int run(String argv0) {
        return run(System.getenv(), argv0, new HookToolBackend(), new HostCommands());
    }

    /** The whole hook run, from environment to exit code. */
    static int run(Map<String, String> environment, String argv0, JujuBackend juju, HostCommands commands) {
        HookLogSink.attach((level, message) -> juju.log(toJuju(level), message));
        Event event;
        CharmContext context;
        try {
            event = EventResolver.resolve(environment, argv0);
            context = CharmContext.fromEnvironment(juju, environment, commands);
        } catch (IllegalArgumentException e) {
            log().error("cannot dispatch: {}", e.getMessage());
            return 1;
        }
        return new Dispatcher().dispatch(event, context);
    }

    /**
     * Runs the event's handler. Exit 0 unless a hook hit a real fault (Juju then retries it); an
     * action reports its fault with action-fail, which tells the operator more than an exit code.
     */
    public int dispatch(Event event, CharmContext context) {
        boolean action = event.kind() == Event.Kind.ACTION;
        Supplier<Handler> handler = (action ? actions : hooks).get(event.name());
        if (handler == null) {
            log().debug("nothing to do for {}", event);
            return 0;
        }
        try {
            handler.get().handle(event, context);
            return 0;
        } catch (Exception e) {
            log().error("{} failed", event, e);
            if (action) {
                context.juju().actionFail(event.name() + " failed: " + e.getMessage());
                return 0;
            }
            return 1;
        }
    }

    private static JujuBackend.LogLevel toJuju(String level) {
        return switch (level) {
            case "ERROR" -> JujuBackend.LogLevel.ERROR;
            case "WARN" -> JujuBackend.LogLevel.WARNING;
            case "INFO" -> JujuBackend.LogLevel.INFO;
            default -> JujuBackend.LogLevel.DEBUG;
        };
    }
}
