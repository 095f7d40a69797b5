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
        String line = String.format("%4ds | runners %d idle, %d busy, %d starting, %d VMs | jobs %d queued, %d running,"
                        + " %d done of %d | queue time median %s p95 %s | API calls GitHub %d, OpenStack %s | %s",
                s.elapsed().toSeconds(), s.idle(), s.busy(), s.starting(), s.vms(), s.jobs().queued(), s.jobs().inProgress(),
                s.jobs().completed(), s.queuedSoFar(), seconds(Summary.percentile(s.jobs().queueTimes(), 50)),
                seconds(Summary.percentile(s.jobs().queueTimes(), 95)), s.githubCalls(),
                s.openstackCalls() < 0 ? "-" : Long.toString(s.openstackCalls()), s.unitStatus());
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
