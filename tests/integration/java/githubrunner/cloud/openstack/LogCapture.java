package githubrunner.cloud.openstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import githubrunner.common.LoggingSetup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Collects everything a unit would log while a test runs, to check that no secret reaches the log:
 * every level of our code, the libraries from WARN as in production (the test configuration
 * shows only errors). The console gets none of it meanwhile.
 */
final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level level = root.getLevel();
    private final List<Appender<ILoggingEvent>> console = new ArrayList<>();
    private final Map<String, Level> libraries = new HashMap<>();

    LogCapture() {
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.ALL);
        for (String library : LoggingSetup.LIBRARIES) {
            libraries.put(library, library(library).getLevel());
            library(library).setLevel(Level.WARN);
        }
    }

    private Logger library(String name) {
        return root.getLoggerContext().getLogger(name);
    }

    /** Every message with its stack trace, as one text. */
    String text() {
        List<ILoggingEvent> events = List.copyOf(appender.list);
        return events.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(level);
        libraries.forEach((name, previous) -> library(name).setLevel(previous));
        console.forEach(root::addAppender);
    }
}
