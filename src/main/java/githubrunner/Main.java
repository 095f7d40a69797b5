package githubrunner;

import githubrunner.common.LoggingSetup;
import java.util.Arrays;

/**
 * {@code github-runner <command>}: one jar, several programs. Each command sets up logging for its
 * kind of process before anything logs.
 */
public final class Main {
    private static final String USAGE = """
            usage: github-runner <command> [arguments]

            commands:
              simulate [options]      run the charm locally against emulators with a stream of jobs (--help)
              hook [ARGV0]            run the Juju event named by JUJU_DISPATCH_PATH (dispatch calls this)
              manager --config F      run a unit's runner manager (systemd starts it)
              webhook-router --config F
                                      serve GitHub workflow_job webhooks into the MongoDB queue
                                      (webhook-router redeliver ...: redeliver failed deliveries)
              consumer --config F     run a reactive queue consumer (the manager starts them)
              juju-local ...          drive the packed charm through the local Juju emulator
              cloud-init --config F   print the user data a runner VM receives (--help for options)
              sim <emulator> ...      run an emulator (github, openstack, mongodb) as a local server
              version                 print the version
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "hook" -> {
                System.setProperty(LoggingSetup.MODE_PROPERTY, "hook");
                System.exit(githubrunner.charm.Dispatcher.run(rest.length > 0 ? rest[0] : ""));
            }
            case "train-archive" -> {
                System.setProperty(LoggingSetup.MODE_PROPERTY, "hook");
                githubrunner.charm.ArchiveTraining.run();
            }
            case "simulate" -> System.exit(githubrunner.sim.simulate.SimulateCli.run(rest));
            case "manager" -> System.exit(githubrunner.manager.ManagerMain.run(rest));
            case "webhook-router" -> System.exit(githubrunner.router.RouterMain.run(rest));
            case "consumer" -> System.exit(githubrunner.reactive.ConsumerMain.run(rest));
            case "juju-tool" -> System.exit(githubrunner.sim.juju.HookToolMain.run(rest));
            case "juju-local" -> System.exit(githubrunner.sim.juju.JujuLocalCli.run(rest));
            case "cloud-init" -> System.exit(githubrunner.manager.CloudInitCli.run(rest));
            case "sim" -> System.exit(githubrunner.sim.SimCli.run(rest));
            case "version" -> System.out.println(Version.current());
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.print("unknown command '" + args[0] + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }
}
