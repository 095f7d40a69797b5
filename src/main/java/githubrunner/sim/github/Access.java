package githubrunner.sim.github;

/** What a token may do in the emulator. */
public enum Access {
    /** Everything, as a token with administration / self-hosted runner write permission. */
    ADMIN,
    /** Read repositories, organisations and jobs, but not runners: runner endpoints answer 403. */
    READ_ONLY
}
