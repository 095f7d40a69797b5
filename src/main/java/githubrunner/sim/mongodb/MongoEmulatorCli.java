package githubrunner.sim.mongodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code github-runner sim mongodb [--port N] [--database NAME]...}: a MongoDB stand-in on
 * 127.0.0.1 until the process is stopped. The first line on stdout is the connection string.
 */
public final class MongoEmulatorCli {
    public static final String DEFAULT_DATABASE = "github-runner-webhook-router";
    private static final String USAGE = """
            usage: github-runner sim mongodb [--port N] [--database NAME]...

            Serves the MongoDB wire protocol on 127.0.0.1 (port 0 or none: any free port; data in
            memory) and prints its connection string. Each --database (default
            github-runner-webhook-router) gets a plain messages.broadcast collection, so that Python
            kombu's SimpleQueue works against it.
            """;

    private MongoEmulatorCli() {}

    public static int run(String[] args) throws InterruptedException {
        int port = 0;
        List<String> databases = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--database" -> databases.add(value(args, ++i));
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0 to 65535");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sim mongodb: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (databases.isEmpty()) {
            databases.add(DEFAULT_DATABASE);
        }
        MongoEmulator emulator;
        try {
            emulator = MongoEmulator.start(port);
        } catch (RuntimeException e) {
            System.err.println("sim mongodb: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return 1;
        }
        databases.forEach(emulator::prepareForKombu);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("mongodb://127.0.0.1:" + emulator.port() + "/" + databases.get(0));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
