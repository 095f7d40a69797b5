package githubrunner.sim.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code simulate --report FILE.html}: one self-contained page (inline SVG, no script, no
 * network) of a run, for comparing two {@code --base} values at a glance: runners over time,
 * queue depth, the queue-time distribution, API calls per minute against the GitHub budget, and
 * the faults injected.
 */
final class ReportPage {
    /** GitHub's budget for a token: 5,000 core requests an hour. */
    static final double GITHUB_BUDGET_PER_MINUTE = 5000 / 60.0;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 28;
    private static final String IDLE = "#2e7d32";
    private static final String BUSY = "#1565c0";
    private static final String STARTING = "#f9a825";

    private final String title;
    private final List<RunRecorder.Sample> samples;
    private final List<Double> queueTimes;

    ReportPage(String title, List<RunRecorder.Sample> samples, List<Double> queueTimes) {
        this.title = title;
        this.samples = List.copyOf(samples);
        this.queueTimes = List.copyOf(queueTimes);
    }

    void write(Path file) throws IOException {
        Files.writeString(file, html(), StandardCharsets.UTF_8);
    }

    String html() {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;background:#fff}")
                .append("h1{font-size:20px}h2{font-size:16px;margin:24px 0 4px}")
                .append("svg{background:#fafafa;border:1px solid #ddd}.legend span{margin-right:16px}")
                .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
        page.append("<p>").append(summary()).append("</p>\n");
        page.append("<h2>Runners over time</h2>").append(legend(new String[] {"idle", IDLE}, new String[] {"busy", BUSY},
                new String[] {"starting", STARTING}));
        page.append(lines(List.of(series(s -> s.idle()), series(s -> s.busy()), series(s -> s.starting())),
                List.of(IDLE, BUSY, STARTING), "runners"));
        page.append("<h2>Queue depth</h2>").append(lines(List.<double[][]>of(series(s -> s.waiting())), List.of("#6a1b9a"), "jobs waiting"));
        page.append("<h2>Queue time distribution</h2>").append(histogram());
        page.append("<h2>API calls per minute</h2>").append(legend(new String[] {"GitHub", BUSY},
                new String[] {"OpenStack", "#ef6c00"}, new String[] {"GitHub budget (5,000/h)", "#c62828"}));
        page.append(perMinute());
        page.append("<h2>Faults injected</h2>").append(faults());
        page.append("</body></html>\n");
        return page.toString();
    }

    private String summary() {
        if (samples.isEmpty()) {
            return "No samples.";
        }
        RunRecorder.Sample last = samples.get(samples.size() - 1);
        List<Double> sorted = new ArrayList<>(queueTimes);
        sorted.sort(Double::compare);
        return String.format(Locale.ROOT, "%.0f s run, %d jobs taken, median queue time %s, p95 %s, "
                        + "%d GitHub and %d OpenStack calls, %d faults injected.", last.seconds(), queueTimes.size(),
                seconds(percentile(sorted, 0.5)), seconds(percentile(sorted, 0.95)), last.githubCalls(),
                last.openstackCalls(), last.githubFaults() + last.openstackFaults());
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f s", value);
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1 < 0 ? 0
                : (int) Math.ceil(q * sorted.size()) - 1));
    }

    private interface Field {
        int of(RunRecorder.Sample sample);
    }

    private double[][] series(Field field) {
        double[][] points = new double[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            points[i] = new double[] {samples.get(i).seconds(), field.of(samples.get(i))};
        }
        return points;
    }

    /** Step lines over time, one per series. */
    private String lines(List<double[][]> all, List<String> colours, String unit) {
        double maxX = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).seconds());
        double maxY = 1;
        for (double[][] points : all) {
            for (double[] p : points) {
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder svg = frame(maxX, maxY, "seconds", unit);
        for (int s = 0; s < all.size(); s++) {
            StringBuilder path = new StringBuilder();
            for (double[] p : all.get(s)) {
                double x = x(p[0], maxX);
                double y = y(p[1], maxY);
                path.append(path.length() == 0 ? "M" + fmt(x) + " " + fmt(y) : " H" + fmt(x) + " V" + fmt(y));
            }
            svg.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours.get(s)).append("\" d=\"")
                    .append(path).append("\"/>");
        }
        return svg.append("</svg>\n").toString();
    }

    private String histogram() {
        double[] bounds = {1, 2, 5, 10, 20, 30, 60, 120, 300, Double.POSITIVE_INFINITY};
        int[] counts = new int[bounds.length];
        for (double time : queueTimes) {
            for (int i = 0; i < bounds.length; i++) {
                if (time <= bounds[i]) {
                    counts[i]++;
                    break;
                }
            }
        }
        List<String> labels = new ArrayList<>();
        double lower = 0;
        for (double bound : bounds) {
            labels.add(Double.isInfinite(bound) ? ">" + (int) lower + " s" : "≤" + (int) bound + " s");
            lower = bound;
        }
        return bars(labels, counts, "#6a1b9a", "jobs");
    }

    private String perMinute() {
        int minutes = samples.isEmpty() ? 0 : (int) Math.ceil(samples.get(samples.size() - 1).seconds() / 60.0);
        int[] github = new int[Math.max(1, minutes)];
        int[] openstack = new int[Math.max(1, minutes)];
        perMinute(github, s -> s.githubCalls());
        perMinute(openstack, s -> s.openstackCalls());
        double maxY = GITHUB_BUDGET_PER_MINUTE * 1.1;
        for (int i = 0; i < github.length; i++) {
            maxY = Math.max(maxY, Math.max(github[i], openstack[i]));
        }
        StringBuilder svg = frame(github.length, maxY, "minute", "calls");
        double slot = (WIDTH - LEFT - 10) / (double) github.length;
        for (int i = 0; i < github.length; i++) {
            double x0 = LEFT + i * slot + slot * 0.1;
            double w = slot * 0.38;
            rect(svg, x0, github[i], maxY, w, BUSY, github[i] + " GitHub calls in minute " + (i + 1));
            rect(svg, x0 + w, openstack[i], maxY, w, "#ef6c00", openstack[i] + " OpenStack calls in minute " + (i + 1));
        }
        double budget = y(GITHUB_BUDGET_PER_MINUTE, maxY);
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"").append(fmt(budget))
                .append("\" y2=\"").append(fmt(budget)).append("\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>");
        return svg.append("</svg>\n").toString();
    }

    private void perMinute(int[] buckets, Field cumulative) {
        int before = 0;
        for (RunRecorder.Sample sample : samples) {
            int minute = Math.min(buckets.length - 1, (int) (sample.seconds() / 60));
            buckets[minute] += cumulative.of(sample) - before;
            before = cumulative.of(sample);
        }
    }

    private String faults() {
        int minutes = samples.isEmpty() ? 1 : Math.max(1, (int) Math.ceil(samples.get(samples.size() - 1).seconds() / 60.0));
        int[] faults = new int[minutes];
        perMinute(faults, s -> s.githubFaults() + s.openstackFaults());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            labels.add("min " + (i + 1));
        }
        return bars(labels, faults, "#c62828", "5xx answers and dropped connections");
    }

    private String bars(List<String> labels, int[] counts, String colour, String unit) {
        double maxY = 1;
        for (int count : counts) {
            maxY = Math.max(maxY, count);
        }
        StringBuilder svg = frame(labels.size(), maxY, null, unit);
        double slot = (WIDTH - LEFT - 10) / (double) labels.size();
        for (int i = 0; i < labels.size(); i++) {
            rect(svg, LEFT + i * slot + slot * 0.15, counts[i], maxY, slot * 0.7, colour, counts[i] + " " + unit);
            svg.append("<text font-size=\"10\" text-anchor=\"middle\" x=\"").append(fmt(LEFT + (i + 0.5) * slot))
                    .append("\" y=\"").append(HEIGHT - 10).append("\">").append(escape(labels.get(i))).append("</text>");
        }
        return svg.append("</svg>\n").toString();
    }

    private void rect(StringBuilder svg, double x, double value, double maxY, double width, String colour, String tip) {
        double top = y(value, maxY);
        svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(top)).append("\" width=\"").append(fmt(width))
                .append("\" height=\"").append(fmt(HEIGHT - BOTTOM - top)).append("\" fill=\"").append(colour)
                .append("\"><title>").append(escape(tip)).append("</title></rect>");
    }

    /** The axes, a few grid lines and their values. */
    private StringBuilder frame(double maxX, double maxY, String xUnit, String yUnit) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\""
                + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\">");
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = y(value, maxY);
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e0e0e0\"/>")
                    .append("<text font-size=\"10\" text-anchor=\"end\" x=\"").append(LEFT - 4).append("\" y=\"")
                    .append(fmt(y + 3)).append("\">").append(fmt(value)).append("</text>");
        }
        svg.append("<text font-size=\"10\" x=\"" + (LEFT + 4) + "\" y=\"12\">").append(escape(yUnit)).append("</text>");
        if (xUnit != null) {
            svg.append("<text font-size=\"10\" text-anchor=\"end\" x=\"").append(WIDTH - 10).append("\" y=\"")
                    .append(HEIGHT - 6).append("\">").append(fmt(maxX)).append(' ').append(escape(xUnit)).append("</text>");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"")
                .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#555\"/>");
        return svg;
    }

    private static double x(double value, double maxX) {
        return LEFT + (WIDTH - LEFT - 10) * value / maxX;
    }

    private static double y(double value, double maxY) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - 10) * value / maxY;
    }

    private static String legend(String[]... entries) {
        StringBuilder html = new StringBuilder("<div class=\"legend\">");
        for (String[] entry : entries) {
            html.append("<span><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"").append(entry[1])
                    .append("\"/></svg> ").append(escape(entry[0])).append("</span>");
        }
        return html.append("</div>\n").toString();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
