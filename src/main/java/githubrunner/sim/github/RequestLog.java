package githubrunner.sim.github;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
        Pattern path = Pattern.compile(pathRegex);
        return entries.stream()
                .filter(entry -> method.equals("*") || entry.method().equalsIgnoreCase(method))
                .filter(entry -> path.matcher(entry.path()).matches())
                .count();
    }
}
