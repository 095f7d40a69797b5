package githubrunner.common;

import java.util.function.BiConsumer;

/**
 * Where {@link HookLogAppender} sends log lines while a hook runs (juju-log). Kept apart from the
 * appender so that attaching it does not load logback: a hook that logs nothing never pays for
 * logging's start-up.
 */
public final class HookLogSink {
    private static volatile BiConsumer<String, String> target;

    private HookLogSink() {}

    /** @param sink receives a level name (ERROR, WARN, INFO, DEBUG, TRACE) and the message */
    public static void attach(BiConsumer<String, String> sink) {
        target = sink;
    }

    static BiConsumer<String, String> target() {
        return target;
    }
}
