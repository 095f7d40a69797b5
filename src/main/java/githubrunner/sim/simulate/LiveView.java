package githubrunner.sim.simulate;

import java.io.PrintStream;
import java.time.Duration;

/** The simulation's progress: redrawn in place on a terminal, one line per update otherwise. */
final class LiveView {
    private static final String CLEAR_LINE = "\r\033[2K";

    private final PrintStream out;
    private final boolean redraw;

    LiveView(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    synchronized void show(Simulation.Snapshot s) {
        Duration age = s.unitAge();
        String line = String.format("%4ds | %s | jobs %d queued, %d running, %d done of %d | queue time median %s p95 %s"
                        + " | API calls GitHub %d, OpenStack %s | unit%s: %s",
                s.elapsed().toSeconds(), s.fleet(), s.jobs().queued(), s.jobs().inProgress(), s.jobs().completed(),
                s.queuedSoFar(), s.queueTimes().percentile(50), s.queueTimes().percentile(95), s.githubCalls(),
                s.openstackCalls() < 0 ? "-" : Long.toString(s.openstackCalls()),
                age == null ? "" : " (" + age.toSeconds() + "s ago)", s.unit());
        if (s.reactive() != null) {
            long waiting = s.reactive().queue().waiting();
            line += " | queue " + (waiting < 0 ? "?" : Long.toString(waiting)) + ", " + s.reactive().webhooks();
        }
        if (redraw) {
            out.print(CLEAR_LINE + line);
            out.flush();
        } else {
            out.println(line);
        }
    }

    static String seconds(Duration duration) {
        return duration == null ? "-" : String.format("%.1fs", duration.toMillis() / 1000.0);
    }
}
