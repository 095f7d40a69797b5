package githubrunner.sim.simulate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code github-runner simulate} runs: pool sizes, the job stream, emulator behaviour.
 *
 * @param charm the packed .charm, or an unpacked charm directory
 * @param workDir where the emulated unit lives (its files, logs and the manager's log)
 * @param jobs jobs queued over {@code arrivalWindow}, with exponential gaps (a Poisson stream)
 * @param jobDuration how long each job runs once a runner takes it
 * @param bootDelay how long a VM stays in BUILD before its runner starts
 * @param faultRate share of OpenStack and GitHub requests answered with a 5xx (0 for none)
 * @param drainTimeout how long to wait, after the last job was queued, for every job to finish
 * @param cloud a real OpenStack to use instead of the emulator, or {@link GivenCloudOptions#NONE}
 * @param reactive jobs reach the unit through signed webhooks, the hosted router and MongoDB
 */
public record SimulationOptions(Path charm, Path workDir, int base, int max, int jobs, Duration arrivalWindow,
                                Duration jobDuration, Duration bootDelay, double faultRate, long seed,
                                Duration drainTimeout, boolean live, GivenCloudOptions cloud,
                                boolean reactive) {
    static final String USAGE = """
            usage: github-runner simulate [options]

            Runs the packed charm locally from its real parts: GitHub and OpenStack emulators, the Juju
            emulator driving the charm's dispatch (install, config-changed, image integration, start), the
            runner manager service it starts, and a stream of jobs that runner agents pick up. Shows a live
            view and ends with a summary; exits 0 when every job ran.

              --base N            base-virtual-machines (default 3; 0 with --reactive)
              --max N             max-total-virtual-machines, 0 for none (default 0)
              --jobs N            jobs to queue (default 12)
              --arrival S         seconds over which jobs arrive (default 40)
              --job-seconds S     how long each job runs (default 5)
              --boot-seconds S    VM boot time until its runner starts (default 2)
              --fault-rate P      share of API requests failing with 5xx, e.g. 0.05 (default 0); with
                                  --reactive, also the share of webhook deliveries lost on the way
              --seed N            seed of the job stream and faults (default 1)
              --timeout S         wait this long for the last jobs after the arrivals end (default 120)
              --charm FILE        the .charm (default target/github-runner.charm)
              --dir DIR           work directory (default: a new temporary one)
              --no-live           print progress lines instead of redrawing the screen
              --report FILE.html  write a one-page picture of the run (inline SVG, no network)
              --reactive          reactive runners: MongoDB (emulated) integrated, the router the charm
                                  hosts, a signed repository webhook on it; each job goes queued ->
                                  webhook -> router -> MongoDB -> consumer -> runner. The base pool is
                                  0 unless --base is given, so runners come from the queue. Lost
                                  deliveries are redelivered with the redeliver-failed-webhooks
                                  action, run every 10s while the hook's log shows lost queued ones.
                                  The summary adds the queue, the webhooks by outcome, the time from
                                  each message to its VM's create request and the VMs created for
                                  the jobs.
            """ + GivenCloudOptions.USAGE;

    static SimulationOptions parse(List<String> args) {
        Path charm = Path.of("target/github-runner.charm");
        Path dir = null;
        Integer base = null;
        boolean reactive = false;
        int max = 0;
        int jobs = 12;
        long arrival = 40;
        long jobSeconds = 5;
        long bootSeconds = 2;
        double faultRate = 0;
        long seed = 1;
        long timeout = 120;
        boolean live = System.console() != null;
        GivenCloudOptions cloud = GivenCloudOptions.NONE;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--no-live")) {
                live = false;
                continue;
            }
            if (option.equals("--reactive")) {
                reactive = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args.get(++i);
            GivenCloudOptions withCloud = cloud.with(option, value);
            if (withCloud != null) {
                cloud = withCloud;
                continue;
            }
            try {
                switch (option) {
                    case "--base" -> base = nonNegative(option, Integer.parseInt(value));
                    case "--max" -> max = nonNegative(option, Integer.parseInt(value));
                    case "--jobs" -> jobs = nonNegative(option, Integer.parseInt(value));
                    case "--arrival" -> arrival = nonNegative(option, Long.parseLong(value));
                    case "--job-seconds" -> jobSeconds = nonNegative(option, Long.parseLong(value));
                    case "--boot-seconds" -> bootSeconds = nonNegative(option, Long.parseLong(value));
                    case "--fault-rate" -> faultRate = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--timeout" -> timeout = nonNegative(option, Long.parseLong(value));
                    case "--charm" -> charm = Path.of(value);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " needs a number, got '" + value + "'");
            }
        }
        if (base == null) {
            base = reactive ? 0 : 3;
        }
        if (faultRate < 0 || faultRate > 0.5) {
            throw new IllegalArgumentException("--fault-rate must be between 0 and 0.5");
        }
        if (max > 0 && max < base) {
            throw new IllegalArgumentException("--max must be 0 or at least --base");
        }
        if (!Files.exists(charm)) {
            throw new IllegalArgumentException(charm + " not found: build it with ./mvnw -B package -DskipTests, or pass --charm");
        }
        return new SimulationOptions(charm, dir, base, max, jobs, Duration.ofSeconds(arrival), Duration.ofSeconds(jobSeconds),
                Duration.ofSeconds(bootSeconds), faultRate, seed, Duration.ofSeconds(timeout), live, cloud.validated(), reactive);
    }

    private static <T extends Number> T nonNegative(String option, T value) {
        if (value.doubleValue() < 0) {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return value;
    }
}
