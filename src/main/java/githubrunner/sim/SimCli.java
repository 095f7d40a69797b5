package githubrunner.sim;

import java.util.Arrays;

/** {@code github-runner sim <emulator> ...}: runs one of the emulators as a server. */
public final class SimCli {
    private static final String USAGE = """
            usage: github-runner sim <emulator> [options]

            emulators:
              github      GitHub REST API (runners, JIT config, jobs, rate limits, App tokens)
              openstack   OpenStack (Keystone, Nova, Neutron, Glance)
            """;

    private SimCli() {}

    public static int run(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "github" -> githubrunner.sim.github.GitHubEmulatorCli.run(rest);
            case "openstack" -> {
                System.err.println("sim openstack: not available in this build");
                yield 2;
            }
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.print("unknown emulator '" + args[0] + "'\n" + USAGE);
                yield 2;
            }
        };
    }
}
