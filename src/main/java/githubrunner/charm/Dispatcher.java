package githubrunner.charm;

import ch.qos.logback.classic.Level;
import githubrunner.charm.handlers.CheckRunnersAction;
import githubrunner.charm.handlers.ConfigureHandler;
import githubrunner.charm.handlers.FlushRunnersAction;
import githubrunner.charm.handlers.ImageRelationJoinedHandler;
import githubrunner.charm.handlers.InstallHandler;
import githubrunner.charm.handlers.StopHandler;
import githubrunner.charm.handlers.UpdateStatusHandler;
import githubrunner.charm.handlers.UpgradeCharmHandler;
import githubrunner.common.HookLogAppender;
import githubrunner.juju.HookToolBackend;
import githubrunner.juju.JujuBackend;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a Juju event onto its handler, and a handler's outcome onto the process exit code. */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, Handler> hooks = new HashMap<>();
    private final Map<String, Handler> actions = new HashMap<>();

    public Dispatcher() {
        Handler configure = new ConfigureHandler();
        hooks.put("install", new InstallHandler());
        hooks.put("upgrade-charm", new UpgradeCharmHandler(configure));
        for (String hook : new String[] {"config-changed", "start", "leader-elected", "secret-changed",
                "image-relation-changed", "image-relation-departed", "image-relation-broken",
                "debug-ssh-relation-changed", "debug-ssh-relation-departed", "debug-ssh-relation-broken",
                "mongodb-relation-changed", "mongodb-relation-broken"}) {
            hooks.put(hook, configure);
        }
        hooks.put("image-relation-joined", new ImageRelationJoinedHandler());
        hooks.put("update-status", new UpdateStatusHandler());
        hooks.put("stop", new StopHandler());
        actions.put("check-runners", new CheckRunnersAction());
        actions.put("flush-runners", new FlushRunnersAction());
    }

    /** Entry point of {@code github-runner hook}: the JVM that dispatch starts. */
    public static int run(String argv0) {
        JujuBackend juju = new HookToolBackend();
        HookLogAppender.attach((level, message) -> juju.log(toJuju(level), message));
        Event event;
        CharmContext context;
        try {
            event = EventResolver.resolve(System.getenv(), argv0);
            context = CharmContext.fromEnvironment(juju, System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("cannot dispatch: {}", e.getMessage());
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
        Handler handler = (action ? actions : hooks).get(event.name());
        if (handler == null) {
            LOG.debug("nothing to do for {}", event);
            return 0;
        }
        try {
            handler.handle(event, context);
            return 0;
        } catch (Exception e) {
            LOG.error("{} failed", event, e);
            if (action) {
                context.juju().actionFail(event.name() + " failed: " + e.getMessage());
                return 0;
            }
            return 1;
        }
    }

    private static JujuBackend.LogLevel toJuju(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return JujuBackend.LogLevel.ERROR;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return JujuBackend.LogLevel.WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? JujuBackend.LogLevel.INFO : JujuBackend.LogLevel.DEBUG;
    }
}
