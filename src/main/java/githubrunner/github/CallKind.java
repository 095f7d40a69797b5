package githubrunner.github;

/** The kinds of GitHub operation the client makes; statistics are kept per kind. */
public enum CallKind {
    LIST_RUNNERS,
    GET_RUNNER,
    DELETE_RUNNER,
    GENERATE_JIT_CONFIG,
    LIST_RUNNER_GROUPS,
    GET_JOB,
    LIST_JOBS,
    GET_RATE_LIMIT,
    VERIFY_ACCESS,
    /** GitHub App: exchanging the app's JWT for an installation token. */
    INSTALLATION_TOKEN,
    /** Webhook deliveries ({@link HookDeliveries}): listing them, and asking for one again. */
    LIST_HOOK_DELIVERIES,
    REDELIVER_HOOK_DELIVERY
}
