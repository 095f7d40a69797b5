package githubrunner.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code github-runner sim cloud}: {@link LocalCloud} in the foreground until stopped. It prints
 * the settings as sh assignments; with {@code --dir} it also writes them there (juju-local's
 * {@code emulators start} runs it so, in the background).
 */
public final class LocalCloudCli {
    static final String USAGE = """
            usage: github-runner sim cloud [--dir DIR] [--repo OWNER/REPO] [--boot-seconds N]

            Runs the GitHub and OpenStack emulators on 127.0.0.1, with runner agents that bring a VM's
            runner online when it boots, until stopped. Prints the settings the charm needs as sh
            assignments (SIM_GITHUB_API_URL, SIM_GITHUB_TOKEN, SIM_CLOUDS_YAML, SIM_NETWORK, SIM_IMAGE_ID,
            SIM_FLAVOR); with --dir, writes them to DIR/env and the clouds.yaml to DIR/clouds.yaml (0600).

              --dir DIR           where to write the settings (default: a temporary directory)
              --repo OWNER/REPO   the repository GitHub knows (default my-org/my-repo)
              --boot-seconds N    how long a VM boots before its runner starts (default 2)
            """;

    private LocalCloudCli() {}

    public static int run(String[] args) throws IOException, InterruptedException {
        Path dir = null;
        String repo = "my-org/my-repo";
        long bootSeconds = 2;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    System.out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--dir" -> dir = Path.of(value);
                    case "--repo" -> repo = value;
                    case "--boot-seconds" -> bootSeconds = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (!repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("--repo needs OWNER/REPO");
            }
            if (bootSeconds < 0) {
                throw new IllegalArgumentException("--boot-seconds must not be negative");
            }
        } catch (IllegalArgumentException e) {
            System.err.print("sim cloud: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        Path settingsDir = dir != null ? dir : Files.createTempDirectory("github-runner-cloud");
        int slash = repo.indexOf('/');
        LocalCloud cloud = LocalCloud.start(repo.substring(0, slash), repo.substring(slash + 1), Duration.ofSeconds(bootSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stopped.countDown();
        }));
        System.out.print(LocalCloud.shellAssignments(cloud.writeSettings(settingsDir)));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
