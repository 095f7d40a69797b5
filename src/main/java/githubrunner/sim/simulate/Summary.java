package githubrunner.sim.simulate;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a simulation, cross-checked against what the emulators saw: every job ran, on a
 * runner of the unit, and the unit's stop left no VM behind. With --reactive also: no message left
 * in the queue, none dead-lettered, and every VM accounted for: with base 0 each VM is a reactive
 * runner that either ran one job or is surplus, idle at the end.
 */
record Summary(SimulationOptions options, int jobsQueued, int jobsCompleted, int jobsOnOurRunners, QueueTimes queueTimes,
               long runnersRegistered, long serversCreated, long serversLeft,
               long githubCalls, long githubListCalls, long githubJitCalls, long githubDeleteCalls, long openstackCalls,
               Simulation.Snapshot last, boolean stopSucceeded, Duration wallTime, MessageLatency messageLatency) {

    /**
     * @param last the emulators and the unit's final update-status once the jobs were done, before stop
     * @param messageLatency with --reactive on the emulated cloud, from message to VM; else null
     */
    static Summary of(SimulationOptions options, Simulation.Snapshot last, GitHubEmulator github,
                      CloudUnderTest openstack, boolean stopSucceeded, Duration wallTime) {
        List<JobView> jobs = github.jobs();
        MessageLatency messageLatency = last.reactive() == null ? null : openstack.emulator()
                .map(emulator -> MessageLatency.of(github.webhookDeliveries(), emulator.requests().all(), jobs,
                        Simulation.UNIT_PREFIX))
                .orElse(null);
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
                openstack.requests(), last, stopSucceeded, wallTime, messageLatency);
    }

    /** Every queued job ran to completion on one of the unit's runners, and stop cleaned up. */
    boolean succeeded() {
        return jobsCompleted == options.jobs() && jobsQueued == options.jobs() && jobsOnOurRunners == jobsCompleted
                && stopSucceeded && serversLeft == 0 && reactiveProblems().isEmpty();
    }

    /**
     * The most VMs a reactive run may create. A job asks for one runner while its request is open,
     * but GitHub gives a job to any idle runner: a runner made for job A may take job B, and until
     * its consumer sees A or B taken (it looks again after 10 s, then up to every 60 s) the request
     * still counts, so a job can cost one more runner, which then stays idle as surplus. With a
     * base pool, a job a pool runner takes also costs that runner's replacement.
     */
    long vmsAllowed() {
        return options.base() + 2L * jobsQueued;
    }

    /**
     * With base 0, the runners that ran no job: made for a job another runner took first, they
     * stay idle for the manager's surplus grace (or until stop).
     */
    long surplusRunners() {
        return options.base() == 0 ? Math.max(0, serversCreated - jobsOnOurRunners) : 0;
    }

    private List<String> reactiveProblems() {
        Simulation.Reactive reactive = last.reactive();
        if (reactive == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (options.base() == 0 && surplusRunners() > last.fleet().idle()) {
            problems.add(surplusRunners() + " VM(s) ran no job but only " + last.fleet().idle() + " were idle at the end");
        }
        if (serversCreated > vmsAllowed()) {
            problems.add(serversCreated + " VMs created for " + jobsQueued + " jobs"
                    + (options.base() > 0 ? " and a base pool of " + options.base() : "")
                    + ", more than " + vmsAllowed());
        }
        if (reactive.queue().waiting() != 0) {
            problems.add(reactive.queue().waiting() < 0 ? "the queue could not be read"
                    : reactive.queue().waiting() + " message(s) left in the queue");
        }
        if (reactive.queue().deadLetters() > 0) {
            problems.add(reactive.queue().deadLetters() + " message(s) in the dead letters");
        }
        return problems;
    }

    private void printReactive(PrintStream out, Simulation.Reactive reactive) {
        WebhookCounts hooks = reactive.webhooks();
        ReactivePath.QueueReading queue = reactive.queue();
        out.printf("  webhooks (workflow_job): %d delivered, %d failed, %d redelivered; %d queued event(s) never"
                        + " delivered%n", hooks.delivered(), hooks.failed(), hooks.redelivered(), hooks.queuedUndelivered());
        out.printf("  redeliver-failed-webhooks: run %d time(s), %d failed, %d deliveries redelivered%n",
                queue.actionRuns(), queue.actionFailures(), queue.redelivered());
        out.printf("  queue: %s message(s) left, %s in the dead letters (dropped or given up)%n",
                queue.waiting() < 0 ? "?" : queue.waiting(),
                queue.deadLetters() < 0 ? "?" : queue.deadLetters());
        out.println("  message to VM: " + (messageLatency == null ? "not measured (a real cloud has no request log)"
                : messageLatency));
        out.printf("  reactive runners: %d VMs created for %d jobs (at most %d)%s%n", serversCreated, jobsQueued,
                vmsAllowed(), surplusRunners() == 0 ? "" : "; " + surplusRunners() + " ran no job (created for a job"
                        + " another runner took first: kept idle for the surplus grace, removed at stop)");
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
        if (last.reactive() != null) {
            printReactive(out, last.reactive());
        }
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
        problems.addAll(reactiveProblems());
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
