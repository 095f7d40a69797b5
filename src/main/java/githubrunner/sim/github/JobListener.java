package githubrunner.sim.github;

/**
 * Told when an emulated runner takes a job and when the job ends, as the runner's job-started
 * hook and its exit would see it: whoever plays the VM writes the VM's metrics files from these.
 * Called on the emulator's timer thread; must not block.
 */
public interface JobListener {
    /** The job is in progress on {@link JobView#runnerName()}. */
    void jobStarted(JobView job);

    /** The job completed (its runner has deregistered). */
    void jobCompleted(JobView job);
}
