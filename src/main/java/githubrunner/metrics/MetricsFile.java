package githubrunner.metrics;

/**
 * The metrics-exchange files a runner VM writes under {@code /home/ubuntu/metrics-exchange}
 * (templates/user-data.sh.j2 and pre-job.sh.j2; reference/upstream-charm.md §7).
 */
public enum MetricsFile {
    /** {@code date +%s} when the boot script starts the runner. */
    INSTALLED("runner-installed.timestamp"),
    /** Written by the job-started hook: workflow, repository, event, timestamp, workflow_run_id. */
    PRE_JOB("pre-job-metrics.json"),
    /** Written after run.sh exits (or by the pre-job hook when it refuses the job): timestamp, status, status_info. */
    POST_JOB("post-job-metrics.json");

    public static final String DIRECTORY = "/home/ubuntu/metrics-exchange";
    /** Files are refused beyond this size: the VM is not trusted (a job may write anything there). */
    public static final int MAX_BYTES = 1024;

    private final String fileName;

    MetricsFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public String path() {
        return DIRECTORY + "/" + fileName;
    }
}
