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
        try {
            options = SimulationOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            System.err.print(SimulationOptions.USAGE);
            return 2;
        }
        try (Simulation simulation = new Simulation(options, out)) {
            Summary summary = simulation.run();
            summary.print(out);
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
