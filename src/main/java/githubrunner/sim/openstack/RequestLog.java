package githubrunner.sim.openstack;

import githubrunner.sim.http.RequestMatch;
import java.util.List;
import java.util.TreeMap;

/**
 * Every request the emulator received, in order of arrival, for tests that count calls. A request
 * is logged when it arrives (status {@link RecordedRequest#PENDING}) and updated when answered, so
 * a request held up by a delay is already counted.
 */
public final class RequestLog {
    private final TreeMap<Long, RecordedRequest> entries = new TreeMap<>();

    synchronized void arrived(RecordedRequest request) {
        entries.put(request.sequence(), request);
    }

    synchronized void completed(RecordedRequest request) {
        entries.put(request.sequence(), request);
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(entries.values());
    }

    /** Requests with this method ({@code *} for any) whose path matches the regex. */
    public synchronized List<RecordedRequest> matching(String method, String pathRegex) {
        RequestMatch match = RequestMatch.of(method, pathRegex);
        return entries.values().stream().filter(entry -> match.matches(entry.method(), entry.path())).toList();
    }

    public int count(String method, String pathRegex) {
        return matching(method, pathRegex).size();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
