package githubrunner.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures logback in code (found through ServiceLoader): no XML to parse, which keeps hook
 * start-up short. The mode comes from the {@code githubrunner.log} system property, set by
 * {@code Main} before the first logger is made:
 * <ul>
 *   <li>{@code hook}: INFO and above go to {@code juju-log} (see {@link HookLogAppender});</li>
 *   <li>{@code console} (default): lines on stderr, level from {@code githubrunner.log.level}.</li>
 * </ul>
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingSetup extends ContextAwareBase implements Configurator {
    public static final String MODE_PROPERTY = "githubrunner.log";
    public static final String LEVEL_PROPERTY = "githubrunner.log.level";
    /** Optional name shown on every console line, e.g. the Juju unit a manager serves. */
    public static final String NAME_PROPERTY = "githubrunner.log.name";
    /** Loggers of client and server libraries: never below WARN (see {@link #configure}). */
    public static final java.util.List<String> LIBRARIES = java.util.List.of("org.openstack4j", "okhttp3",
            "org.kohsuke.github", "org.mongodb.driver", "de.bwaldvogel.mongo", "io.netty", "com.hubspot.jinjava",
            "org.eclipse.jetty");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        if ("hook".equals(System.getProperty(MODE_PROPERTY))) {
            HookLogAppender appender = new HookLogAppender();
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
            root.setLevel(Level.INFO);
        } else {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            String name = System.getProperty(NAME_PROPERTY);
            encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level " + (name == null ? "" : name.replace("%", "") + " ")
                    + "[%thread] %logger{0} - %msg%n");
            encoder.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(context);
            console.setTarget("System.err");
            console.setEncoder(encoder);
            console.start();
            root.addAppender(console);
            root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        }
        // Client libraries log every request at INFO/DEBUG; only their warnings matter here (or less,
        // when the process asks for less, as the tests do). Jetty's DEBUG would also log request
        // headers, the API's bearer token among them.
        Level libraries = root.getLevel().isGreaterOrEqual(Level.WARN) ? root.getLevel() : Level.WARN;
        for (String library : LIBRARIES) {
            context.getLogger(library).setLevel(libraries);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
