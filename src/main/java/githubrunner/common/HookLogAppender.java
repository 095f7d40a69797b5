package githubrunner.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.function.BiConsumer;

/**
 * Sends log lines to Juju (juju-log, through {@link HookLogSink}) while a hook runs, so they
 * appear in {@code juju debug-log} under the unit. Until a sink is attached, or if the sink
 * fails, lines go to stderr, which Juju also captures.
 */
public final class HookLogAppender extends AppenderBase<ILoggingEvent> {
    /** juju-log itself may log; never loop back into it. */
    private static final ThreadLocal<Boolean> SENDING = ThreadLocal.withInitial(() -> false);

    @Override
    protected void append(ILoggingEvent event) {
        String message = render(event);
        BiConsumer<String, String> target = HookLogSink.target();
        if (target == null || SENDING.get()) {
            System.err.println(event.getLevel() + " " + message);
            return;
        }
        SENDING.set(true);
        try {
            target.accept(event.getLevel().toString(), message);
        } catch (RuntimeException e) {
            System.err.println(event.getLevel() + " " + message);
        } finally {
            SENDING.set(false);
        }
    }

    private static String render(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        IThrowableProxy error = event.getThrowableProxy();
        while (error != null) {
            message += " (" + error.getClassName() + ": " + error.getMessage() + ")";
            error = error.getCause();
        }
        return message;
    }
}
