package githubrunner.sim.openstack;

import java.time.Instant;

/**
 * One request the emulator received.
 *
 * @param sequence order of arrival, from 1
 * @param at emulator clock time of arrival
 * @param query raw query string, empty if none
 * @param status the status answered; {@link #PENDING} while the request is still being handled,
 *     {@link #DROPPED} when the connection was closed without an answer
 * @param fault the injected fault, or null
 * @param subject the name the request was about when it created something (server, keypair,
 *     security group), else null
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, String query, int status,
                              String fault, String subject) {
    public static final int PENDING = 0;
    public static final int DROPPED = -1;

    public boolean answered() {
        return status > 0;
    }

    RecordedRequest completed(int finalStatus, String appliedFault, String finalSubject) {
        return new RecordedRequest(sequence, at, method, path, query, finalStatus, appliedFault, finalSubject);
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> "
                + (status == DROPPED ? "dropped" : status == PENDING ? "pending" : status) + (fault == null ? "" : " [" + fault + "]")
                + (subject == null ? "" : " (" + subject + ")");
    }
}
