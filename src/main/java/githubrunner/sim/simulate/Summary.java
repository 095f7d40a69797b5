package githubrunner.sim.simulate;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a simulation, cross-checked against what the emulators saw: every job ran, on a
 * runner of the unit, and the unit's stop left no VM behind.
 */
record Summary(SimulationOptions options, int jobsQueued, int jobsCompleted, int jobsOnOurRunners, QueueTimes queueTimes,
               long runnersRegistered, long serversCreated, long serversLeft,
               long githubCalls, long githubListCalls, long githubJitCalls, long githubDeleteCalls, long openstackCalls,
               Simulation.Snapshot last, boolean stopSucceeded, Duration wallTime) {

    /** @param last the emulators and the unit's final update-status once the jobs were done, before stop */
    static Summary of(SimulationOptions options, Simulation.Snapshot last, GitHubEmulator github,
                      CloudUnderTest openstack, boolean stopSucceeded, Duration wallTime) {
        List<JobView> jobs = github.jobs();
        int completed = (int) jobs.stream().filter(j -> "completed".equals(j.status())).count();
        int onOurs = (int) jobs.stream().filter(j -> j.runnerName() != null
                        && j.runnerName().startsWith(Simulation.UNIT_PREFIX + "-"))
                .count();
        return new Summary(options, jobs.size(), completed, onOurs, last.queueTimes(),
                github.requestCount("POST", ".*/actions/runners/generate-jitconfig"),
                openstack.serversCreated(Simulation.UNIT_PREFIX),
                openstack.servers(Simulation.UNIT_PREFIX),
                github.requests().size(),
                github.requestCount("GET", ".*/actions/runners"),
                github.requestCount("POST", ".*/actions/runners/generate-jitconfig"),
                github.requestCount("DELETE", ".*/actions/runners/[0-9]+"),
                openstack.requests(), last, stopSucceeded, wallTime);
    }

    /** Every queued job ran to completion on one of the unit's runners, and stop cleaned up. */
    boolean succeeded() {
        return jobsCompleted == options.jobs() && jobsQueued == options.jobs() && jobsOnOurRunners == jobsCompleted
                && stopSucceeded && serversLeft == 0;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Summary (" + LiveView.seconds(wallTime) + " wall time)");
        out.printf("  pool: base %d, max %s; %d jobs of %ds over %ds, VM boot %ds, fault rate %.0f%%%n", options.base(),
                options.max() == 0 ? "none" : Integer.toString(options.max()), options.jobs(),
                options.jobDuration().toSeconds(), options.arrivalWindow().toSeconds(), options.bootDelay().toSeconds(),
                options.faultRate() * 100);
        out.printf("  jobs: %d queued, %d completed, %d on this unit's runners%n", jobsQueued, jobsCompleted, jobsOnOurRunners);
        out.printf("  queue time: median %s, p95 %s, max %s%s%n", queueTimes.percentile(50), queueTimes.percentile(95),
                queueTimes.percentile(100), queueTimes.waiting().isEmpty() ? ""
                        : " (" + queueTimes.waiting().size() + " job(s) never taken, counted at their age so far)");
        out.printf("  runners: %d registered (JIT), %d VMs created, %d VMs left after stop%n", runnersRegistered,
                serversCreated, serversLeft);
        out.printf("  API calls: GitHub %d (%d runner listings, %d JIT, %d deletions), OpenStack %s%n", githubCalls,
                githubListCalls, githubJitCalls, githubDeleteCalls, openstackCalls < 0 ? "not counted (a real cloud)"
                        : Long.toString(openstackCalls));
        out.println("  unit status after the jobs: " + last.unit() + (last.unit().at() == null ? ""
                : ", from update-status at " + Duration.between(last.at().minus(last.elapsed()), last.unit().at()).toSeconds()
                        + "s") + (last.unitAgrees() ? "" : "; the emulators show " + last.fleet() + " (the manager had not"
                        + " caught up within " + Simulation.SETTLE_TIMEOUT.toSeconds() + "s)"));
        List<String> problems = new ArrayList<>();
        if (jobsCompleted < options.jobs()) {
            problems.add((options.jobs() - jobsCompleted) + " job(s) did not complete");
        }
        if (jobsOnOurRunners < jobsCompleted) {
            problems.add((jobsCompleted - jobsOnOurRunners) + " job(s) ran on runners that are not the unit's");
        }
        if (!stopSucceeded) {
            problems.add("the stop hook failed");
        }
        if (serversLeft > 0) {
            problems.add(serversLeft + " VM(s) left after stop");
        }
        out.println(problems.isEmpty() ? "  result: every job ran" : "  result: FAILED: " + String.join("; ", problems));
    }

    /** The p-th percentile (nearest rank) of the durations, or null when there are none. */
    static Duration percentile(List<Duration> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
