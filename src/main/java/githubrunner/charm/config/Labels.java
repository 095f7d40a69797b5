package githubrunner.charm.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Runner labels: word characters and dashes only, as the Python charm checks them. */
final class Labels {
    /** Python's {@code ^[\w\-]+$} on str, whose {@code \w} is Unicode-aware. */
    static final Pattern LABEL = Pattern.compile("[\\w-]+", Pattern.UNICODE_CHARACTER_CLASS);

    private Labels() {}

    /** Splits a comma-separated list, drops empty entries and duplicates, rejects invalid labels. */
    static List<String> parse(String text) throws ConfigException {
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String part : text.split(",")) {
            String label = part.strip();
            if (label.isEmpty()) {
                continue;
            }
            (isValid(label) ? valid : invalid).add(label);
        }
        if (!invalid.isEmpty()) {
            throw ConfigException.blocked("Invalid labels config: Invalid labels " + String.join(",", invalid) + " found.");
        }
        return List.copyOf(new LinkedHashSet<>(valid));
    }

    static boolean isValid(String label) {
        return LABEL.matcher(label).matches();
    }

    /** Concatenates label lists in order, keeping each label once. */
    @SafeVarargs
    static List<String> merge(List<String>... lists) {
        LinkedHashSet<String> merged = new LinkedHashSet<>();
        for (List<String> list : lists) {
            merged.addAll(list);
        }
        return List.copyOf(merged);
    }
}
