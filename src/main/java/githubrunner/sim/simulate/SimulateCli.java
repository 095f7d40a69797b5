package githubrunner.sim.simulate;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code github-runner simulate}: see {@link SimulationOptions#USAGE}. */
public final class SimulateCli {
    private SimulateCli() {}

    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(SimulationOptions.USAGE);
            return 0;
        }
        SimulationOptions options;
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        java.nio.file.Path report = null;
        int reportAt = rest.indexOf("--report");
        if (reportAt >= 0 && reportAt + 1 < rest.size()) {
            report = java.nio.file.Path.of(rest.remove(reportAt + 1));
            rest.remove(reportAt);
        }
        try {
            options = SimulationOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            System.err.print(SimulationOptions.USAGE);
            return 2;
        }
        try (Simulation simulation = new Simulation(options, out)) {
            Summary summary;
            try {
                summary = simulation.run();
            } catch (Exception e) {
                System.err.println("simulate: the unit's files and logs are in " + simulation.keepWorkDir());
                throw e;
            }
            summary.print(out);
            if (report != null) {
                simulation.report().write(report);
                out.println("report: " + report.toAbsolutePath());
            }
            if (!summary.succeeded() && options.workDir() == null) {
                out.println("  the unit's files and logs are kept in " + simulation.keepWorkDir());
            }
            return summary.succeeded() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("simulate: " + (e.getMessage() != null ? e.getMessage() : "unexpected failure"));
            if (!(e instanceof IllegalStateException) || e.getMessage() == null) {
                e.printStackTrace();
            }
            return 1;
        }
    }
}
