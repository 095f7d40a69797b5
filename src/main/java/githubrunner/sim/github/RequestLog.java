package githubrunner.sim.github;

import githubrunner.sim.http.RequestMatch;
import java.util.ArrayList;
import java.util.List;

/** Every request the emulator saw, for tests to count calls. */
final class RequestLog {
    private final List<LoggedRequest> entries = new ArrayList<>();

    synchronized void add(LoggedRequest request) {
        entries.add(request);
    }

    synchronized List<LoggedRequest> all() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized long count(String method, String pathRegex) {
        RequestMatch match = RequestMatch.of(method, pathRegex);
        return entries.stream().filter(entry -> match.matches(entry.method(), entry.path())).count();
    }
}
