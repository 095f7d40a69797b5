package githubrunner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps docs/PERFORMANCE.md current: each benchmark owns one marked section and rewrites it. */
public final class PerformanceDoc {
    static final Path FILE = Path.of("docs/PERFORMANCE.md");

    private PerformanceDoc() {}

    /** Replaces the section between {@code <!-- name:start -->} and {@code <!-- name:end -->}, or appends it. */
    public static void replaceSection(String name, String markdown) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String block = start + "\n" + markdown.strip() + "\n" + end;
        String doc = Files.exists(FILE) ? Files.readString(FILE) : "# Performance\n";
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        String updated = from >= 0 && to > from
                ? doc.substring(0, from) + block + doc.substring(to + end.length())
                : doc.stripTrailing() + "\n\n" + block + "\n";
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, updated);
    }

    /** The p-th percentile (nearest rank) of the values. */
    static double percentile(java.util.List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(java.util.List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
