package githubrunner.reactive;

import java.util.List;

/**
 * Everything that can be checked about a message without GitHub: a readable kombu envelope, a job
 * body of the router's shape, labels this application serves, and a job URL on the configured API
 * inside the configured repository or organisation. A message that fails is dropped with the
 * reason: retrying cannot make it valid.
 */
public final class MessageCheck {
    private final JobUrl.Rules urls;
    private final LabelPolicy labels;

    public MessageCheck(JobUrl.Rules urls, LabelPolicy labels) {
        this.urls = urls;
        this.labels = labels;
    }

    /** What a claimed message turned out to be. */
    public sealed interface Verdict {
        /** A job this application may serve. */
        record Valid(KombuMessage message, JobMessage body, JobUrl job, JobKey key) implements Verdict {}

        /** Not one: drop it. */
        record Invalid(String reason) implements Verdict {}
    }

    public Verdict check(Claim claim) {
        try {
            KombuMessage message = claim.message();
            JobMessage body = JobMessage.parse(message.bodyText());
            List<String> foreign = labels.foreign(body.labels());
            if (!foreign.isEmpty()) {
                return new Verdict.Invalid("labels " + quoted(foreign) + " are not served here (runner labels "
                        + labels + ")");
            }
            JobUrl job = urls.parse(body.url());
            return new Verdict.Valid(message, body, job, JobKey.of(urls.apiHost(), job.owner(), job.repo(), job.jobId()));
        } catch (KombuMessage.MalformedMessage e) {
            return new Verdict.Invalid(e.getMessage());
        }
    }

    /** The labels of a job GitHub reports that no runner here has (the message may have lied). */
    public List<String> foreignLabels(List<String> jobLabels) {
        return labels.foreign(jobLabels);
    }

    static String quoted(List<String> labels) {
        return labels.stream().limit(10).map(Printable::of).toList().toString();
    }
}
