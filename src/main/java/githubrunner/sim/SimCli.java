package githubrunner.sim;

import java.util.Arrays;

/** {@code github-runner sim <service> ...}: starts one emulator in the foreground. */
public final class SimCli {
    private static final String USAGE = """
            usage: github-runner sim <service> [options]

              openstack [--port N] ...   Keystone, Nova, Neutron and Glance emulator (--help for options)
              github ...                 GitHub REST emulator
            """;

    private SimCli() {}

    public static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "openstack" -> githubrunner.sim.openstack.OpenStackSimCli.run(rest);
            case "github" -> {
                System.err.println("sim github: not available in this build");
                yield 2;
            }
            default -> {
                System.err.print("unknown emulator '" + args[0] + "'\n" + USAGE);
                yield 2;
            }
        };
    }
}
