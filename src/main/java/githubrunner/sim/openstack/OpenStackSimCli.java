package githubrunner.sim.openstack;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code github-runner sim openstack}: runs the emulator until killed. The first line on stdout is
 * the Keystone URL; a matching clouds.yaml follows on stderr.
 */
public final class OpenStackSimCli {
    private static final String USAGE = """
            usage: github-runner sim openstack [options]

              --port N                 port on 127.0.0.1 (default: a free one)
              --region NAME            region in the catalog (default RegionOne)
              --username NAME          (default github-runner)
              --password TEXT          (default emulated-password)
              --project NAME           (default github-runner)
              --build-seconds N        seconds a server stays in BUILD (default 2)
              --quota-instances N      instance quota, -1 for none (default -1)
              --quota-cores N          core quota (default -1)
              --quota-ram-mb N         RAM quota in MiB (default -1)
            """;

    private OpenStackSimCli() {}

    public static int run(String[] args) throws Exception {
        OpenStackEmulator.Builder builder = OpenStackEmulator.builder();
        String username = "github-runner";
        String password = "emulated-password";
        String project = "github-runner";
        int instances = -1;
        int cores = -1;
        int ram = -1;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    System.out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--port" -> builder.port(Integer.parseInt(value));
                    case "--region" -> builder.region(value);
                    case "--username" -> username = value;
                    case "--password" -> password = value;
                    case "--project" -> project = value;
                    case "--build-seconds" -> builder.buildDelay(Duration.ofSeconds(Long.parseLong(value)));
                    case "--quota-instances" -> instances = Integer.parseInt(value);
                    case "--quota-cores" -> cores = Integer.parseInt(value);
                    case "--quota-ram-mb" -> ram = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sim openstack: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        builder.credentials(username, password, project).quotas(new Quotas(instances, cores, ram));
        OpenStackEmulator cloud = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stopped.countDown();
        }));
        System.out.println(cloud.keystoneUrl());
        System.out.flush();
        System.err.print(cloudsYaml(cloud, password));
        System.err.flush();
        stopped.await();
        return 0;
    }

    private static String cloudsYaml(OpenStackEmulator cloud, String password) {
        return cloud.cloudsYaml("emulated", password)
                + "# image " + cloud.images().get(0).id() + " (" + cloud.images().get(0).name() + "), network "
                + cloud.networks().get(0).name() + ", flavors " + cloud.flavors().stream().map(SimFlavor::name).toList()
                + "\n";
    }
}
