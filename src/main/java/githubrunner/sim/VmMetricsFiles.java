package githubrunner.sim;

import githubrunner.sim.github.JobListener;
import githubrunner.sim.github.JobView;
import githubrunner.sim.openstack.OpenStackEmulator;
import githubrunner.sim.openstack.SimServer;
import githubrunner.sim.openstack.VmFiles;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an emulated VM's metrics-exchange files as templates/user-data.sh.j2 and pre-job.sh.j2
 * would on a real one: {@code runner-installed.timestamp} ({@code date +%s}) when the boot script
 * starts the runner, {@code pre-job-metrics.json} from the job-started hook (the values of
 * GITHUB_WORKFLOW, GITHUB_REPOSITORY, GITHUB_EVENT_NAME and GITHUB_RUN_ID, the run id as a
 * string, as jq's --arg makes it), {@code post-job-metrics.json} when run.sh exits 0, unless the
 * pre-job hook wrote one. The OpenStack emulator's SSH endpoint serves them.
 */
final class VmMetricsFiles implements JobListener {
    static final String DIRECTORY = "/home/ubuntu/metrics-exchange";
    /** The emulated jobs all come from a push. */
    static final String EVENT = "push";

    private final OpenStackEmulator openstack;
    private final Clock clock;
    private final Map<String, String> serverByRunner = new ConcurrentHashMap<>();

    VmMetricsFiles(OpenStackEmulator openstack) {
        this.openstack = openstack;
        this.clock = openstack.clock();
    }

    /** The boot script reached run.sh. */
    void runnerInstalled(SimServer server) {
        serverByRunner.put(server.name(), server.id());
        files(server.name()).ifPresent(files ->
                files.write(DIRECTORY + "/runner-installed.timestamp", epoch() + "\n"));
    }

    @Override
    public void jobStarted(JobView job) {
        files(job.runnerName()).ifPresent(files -> files.write(DIRECTORY + "/pre-job-metrics.json",
                "{\n  \"workflow\": " + quote(job.name()) + ",\n  \"repository\": " + quote(job.owner() + "/" + job.repo())
                        + ",\n  \"event\": \"" + EVENT + "\",\n  \"timestamp\": " + epoch()
                        + ",\n  \"workflow_run_id\": \"" + job.runId() + "\"\n}\n"));
    }

    @Override
    public void jobCompleted(JobView job) {
        files(job.runnerName()).ifPresent(files -> files.writeIfAbsent(DIRECTORY + "/post-job-metrics.json",
                "{\n  \"timestamp\": " + epoch() + ",\n  \"status\": \"normal\"\n}\n"));
    }

    private Optional<VmFiles> files(String runnerName) {
        String server = runnerName == null ? null : serverByRunner.get(runnerName);
        return server == null ? Optional.empty() : openstack.vmFiles(server);
    }

    private long epoch() {
        return clock.instant().getEpochSecond();
    }

    /** A JSON string: the emulator's names are plain, but escape what JSON requires anyway. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
