package githubrunner.github;

/** What happened to a runner we asked GitHub to remove. */
public enum DeleteResult {
    /** GitHub removed it (204). */
    DELETED,
    /**
     * GitHub does not know it (404): an ephemeral runner that finished its job, or one deleted before.
     * GitHub answers 404 as well when the token cannot see the repository or organisation, so callers
     * should trust this only after a successful {@link GitHubClient#listRunners()} in the same pass.
     */
    ALREADY_GONE,
    /** GitHub refused because the runner is running a job (422); it is still registered. */
    BUSY
}
