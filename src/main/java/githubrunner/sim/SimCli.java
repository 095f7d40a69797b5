package githubrunner.sim;

import java.util.Arrays;

/** {@code github-runner sim <emulator> ...}: runs one of the emulators as a server in the foreground. */
public final class SimCli {
    private static final String USAGE = """
            usage: github-runner sim <emulator> [options]

            emulators (--help for their options):
              github      GitHub REST API (runners, JIT config, jobs, rate limits, App tokens)
              openstack   OpenStack (Keystone, Nova, Neutron, Glance)
              mongodb     MongoDB wire protocol (in memory), ready for kombu
              cloud       both, with runner agents: a cloud a local unit (juju-local) can use
            """;

    private SimCli() {}

    /** For a background emulator process (juju-local's {@code emulators start}). */
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    public static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "github" -> githubrunner.sim.github.GitHubEmulatorCli.run(rest);
            case "openstack" -> githubrunner.sim.openstack.OpenStackSimCli.run(rest);
            case "mongodb" -> githubrunner.sim.mongodb.MongoEmulatorCli.run(rest);
            case "cloud" -> LocalCloudCli.run(rest);
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
