package githubrunner.reactive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which job labels this application's runners serve: its runner labels, the labels every runner
 * has (self-hosted, linux) and its architecture, compared ignoring case as GitHub does.
 */
public final class LabelPolicy {
    private final Set<String> accepted = new LinkedHashSet<>();

    /**
     * @param runnerLabels the application's runner labels (flavor, configured, image tags)
     * @param architecture the runners' architecture label, e.g. {@code x64}
     */
    public LabelPolicy(Collection<String> runnerLabels, String architecture) {
        runnerLabels.forEach(label -> accepted.add(normal(label)));
        accepted.add("self-hosted");
        accepted.add("linux");
        if (architecture != null && !architecture.isBlank()) {
            accepted.add(normal(architecture));
        }
    }

    /** The labels of {@code labels} no runner of this application has, in their given spelling. */
    public List<String> foreign(Collection<String> labels) {
        List<String> foreign = new ArrayList<>();
        for (String label : labels) {
            if (!accepted.contains(normal(label))) {
                foreign.add(label);
            }
        }
        return foreign;
    }

    private static String normal(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return accepted.toString();
    }
}
