package githubrunner.sim.juju;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code juju-local status} and {@code wait-for}: Juju runs update-status every few minutes; a
 * local unit has no agent to do it, so these run it before they look, and say when it ran.
 */
final class StatusCommand {
    static final String UPDATE_STATUS = "update-status";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration POLL = Duration.ofSeconds(2);

    private StatusCommand() {}

    /** @param update run update-status first, as Juju's periodic hook would have */
    static int status(JujuLocal juju, boolean update) {
        if (update) {
            JujuLocal.HookRun run = juju.runHook(UPDATE_STATUS);
            if (!run.succeeded()) {
                System.out.print(UPDATE_STATUS + " failed (exit " + run.exitCode() + "):\n" + run.stderr());
            }
        }
        print(juju.state());
        return 0;
    }

    /**
     * Runs update-status every 2 s until the unit's status is {@code status} and its message
     * matches {@code message} (a regular expression, found anywhere), or {@code timeout} passes.
     */
    static int waitFor(JujuLocal juju, String status, String message, Duration timeout) {
        Pattern wanted = Pattern.compile(message);
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            juju.runHook(UPDATE_STATUS);
            JujuState.StatusEntry current = juju.state().status;
            if (current.status().equals(status) && wanted.matcher(current.message()).find()) {
                System.out.println(juju.unitName() + "  " + current.status() + "  " + current.message());
                return 0;
            }
            if (Instant.now().isAfter(deadline)) {
                System.out.println("timed out after " + timeout.toSeconds() + " s waiting for " + status
                        + (message.isEmpty() ? "" : " '" + message + "'") + "; the unit says: "
                        + current.status() + "  " + current.message());
                return 1;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
    }

    private static void print(JujuState state) {
        System.out.println(state.unit + "  " + state.status.status() + "  " + state.status.message());
        JujuState.RunRecord update = state.lastRuns.get(UPDATE_STATUS);
        String since = state.status.timeMillis() == 0 ? "never set" : "set at " + clock(state.status.timeMillis());
        System.out.println("  status " + since + "; " + (update == null ? "update-status has not run"
                : "update-status ran at " + clock(update.timeMillis()) + " (" + age(update.timeMillis()) + " ago, exit "
                        + update.exitCode() + ")"));
        System.out.println("version: " + state.applicationVersion);
        for (JujuState.Relation relation : state.relations) {
            System.out.println("relation " + relation.key() + ": " + relation.remoteApp + " (" + relation.remoteUnits.size()
                    + " unit" + (relation.remoteUnits.size() == 1 ? "" : "s") + ")");
        }
        List<JujuState.LogLine> logs = state.logs;
        logs.subList(Math.max(0, logs.size() - 20), logs.size()).forEach(line ->
                System.out.println(line.level() + " " + line.context() + ": " + line.message()));
    }

    private static String clock(long millis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(CLOCK);
    }

    private static String age(long millis) {
        long seconds = Math.max(0, Duration.between(Instant.ofEpochMilli(millis), Instant.now()).toSeconds());
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }
}
