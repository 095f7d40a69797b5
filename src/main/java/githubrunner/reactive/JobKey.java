package githubrunner.reactive;

import java.util.Locale;

/**
 * A job's identity across messages: API host, repository and job id. The repository is part of it
 * so that a forged message naming a real job id under another repository (dropped: GitHub answers
 * 404) cannot mark the real job as dropped.
 */
public record JobKey(String value) {
    public static JobKey of(String apiHost, String owner, String repo, long jobId) {
        return new JobKey((apiHost + "/" + owner + "/" + repo).toLowerCase(Locale.ROOT) + "/" + jobId);
    }

    @Override
    public String toString() {
        return value;
    }
}
