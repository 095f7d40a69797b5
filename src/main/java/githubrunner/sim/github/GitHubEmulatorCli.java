package githubrunner.sim.github;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code github-runner sim github}: runs the GitHub emulator until the process is stopped. The
 * first line on stdout is the API base URL; drive it further through {@code /_emulator/...}.
 */
public final class GitHubEmulatorCli {
    private static final String USAGE = """
            usage: github-runner sim github [--port N] [--token TOKEN]... [--read-only-token TOKEN]...
                                            [--repo OWNER/REPO]... [--org ORG]... [--group ORG/NAME]...
                                            [--agent-online-delay-ms N] [--seed N]

            Serves GitHub's runner REST API on 127.0.0.1 (port 0 or none: any free port) and prints
            its base URL. Control endpoints: POST /_emulator/jobs, POST /_emulator/agents,
            GET /_emulator/stats, GET /_emulator/requests, POST|DELETE /_emulator/faults,
            POST /_emulator/rate-limits, POST /_emulator/tokens.
            """;

    private GitHubEmulatorCli() {}

    public static int run(String[] args) {
        int port = 0;
        long seed = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--token", "--read-only-token", "--repo", "--org", "--group", "--agent-online-delay-ms" -> i++;
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            GitHubEmulator emulator = GitHubEmulator.builder().port(port).seed(seed).start();
            for (int i = 0; i < args.length; i += 2) {
                String value = args.length > i + 1 ? args[i + 1] : "";
                switch (args[i]) {
                    case "--token" -> emulator.addToken(value);
                    case "--read-only-token" -> emulator.addToken(value, Access.READ_ONLY);
                    case "--repo" -> {
                        int slash = value.indexOf('/');
                        if (slash <= 0) {
                            throw new IllegalArgumentException("--repo needs OWNER/REPO");
                        }
                        emulator.addRepository(value.substring(0, slash), value.substring(slash + 1));
                    }
                    case "--org" -> emulator.addOrganisation(value);
                    case "--group" -> {
                        int slash = value.indexOf('/');
                        if (slash <= 0) {
                            throw new IllegalArgumentException("--group needs ORG/NAME");
                        }
                        emulator.addOrganisation(value.substring(0, slash));
                        emulator.addRunnerGroup(value.substring(0, slash), value.substring(slash + 1));
                    }
                    case "--agent-online-delay-ms" -> emulator.agentOnlineDelay(Duration.ofMillis(Long.parseLong(value)));
                    default -> { }
                }
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                emulator.close();
                stopped.countDown();
            }));
            System.out.println(emulator.url());
            System.out.flush();
            stopped.await();
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("sim github: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        } catch (IOException e) {
            System.err.println("sim github: cannot listen: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("option " + args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
