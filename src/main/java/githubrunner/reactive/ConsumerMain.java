package githubrunner.reactive;

import githubrunner.common.HttpProxySelector;
import githubrunner.common.LoggingSetup;
import githubrunner.common.MongoUris;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code github-runner consumer --config FILE}: one reactive consumer process, started and
 * supervised by the unit's manager ({@link ConsumerSupervisor}). Logs go to stderr, which the
 * supervisor collects into the unit's consumer log. SIGTERM (or SIGINT) gives held messages back and
 * exits 0; a SIGKILL loses nothing either, as the leases lapse. It also stops, the same way, when
 * the process that started it (the manager) is gone.
 *
 * <p>Exit codes: 0 stopped on request, 1 failed, 2 unusable configuration.
 */
public final class ConsumerMain {
    /** The supervising manager's pid, set by {@link ConsumerSupervisor} for its consumers. */
    public static final String MANAGER_PID_VARIABLE = "GITHUB_RUNNER_MANAGER_PID";
    private static final String USAGE = "usage: github-runner consumer --config FILE";
    private static final Map<String, String> LOG_LEVELS = Map.of("CRITICAL", "ERROR", "FATAL", "ERROR", "ERROR", "ERROR",
            "WARNING", "WARN", "INFO", "INFO", "DEBUG", "DEBUG");
    static final Duration GITHUB_CONNECT = Duration.ofSeconds(5);
    static final Duration GITHUB_REQUEST = Duration.ofSeconds(15);

    private ConsumerMain() {}

    public static int run(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        ConsumerConfig config;
        try {
            config = ConsumerConfigFile.read(file);
        } catch (IOException e) {
            System.err.println("github-runner consumer: cannot use " + file + ": " + MongoUris.redact(e.getMessage()));
            return 2;
        }
        String owner = config.unit() + "#" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        // Logging starts once its level and name are known.
        System.setProperty(LoggingSetup.LEVEL_PROPERTY, LOG_LEVELS.getOrDefault(String.valueOf(config.logLevel()), "INFO"));
        System.setProperty(LoggingSetup.NAME_PROPERTY, "consumer " + owner);
        return serve(config, owner);
    }

    /**
     * The manager process, while it runs: the pid its supervisor passed, else the parent. Not the
     * parent alone: a consumer whose manager was killed while the JVM started has been handed to
     * init by then, and would watch pid 1 for ever.
     */
    static Optional<ProcessHandle> manager() {
        String pid = System.getenv(MANAGER_PID_VARIABLE);
        if (pid != null && pid.matches("[1-9][0-9]{0,18}")) {
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        }
        return ProcessHandle.current().parent().filter(parent -> parent.pid() != 1 && parent.isAlive());
    }

    static int serve(ConsumerConfig config, String owner) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(ConsumerMain.class);
        Clock clock = Clock.systemUTC();
        ConsumerSettings settings = config.limits().settings(config.mongodb().queue());
        MongoConnection mongo;
        GitHubClient github;
        RunnerRequests manager;
        MessageCheck check;
        try {
            mongo = MongoConnection.open(config.mongodb().uri(), config.mongodb().database(), "github-runner-consumer");
            var proxy = config.proxy() == null ? null
                    : HttpProxySelector.of(config.proxy().http(), config.proxy().https(), config.proxy().noProxy());
            github = GitHubClient.create(config.github(), config.prefix(), GitHubClientOptions.defaults()
                    .withTimeouts(GITHUB_CONNECT, GITHUB_REQUEST).withProxy(proxy));
            manager = new RunnerRequests(config.manager().port(), config.manager().apiToken(), owner);
            check = new MessageCheck(new JobUrl.Rules(config.github().apiUrl(), config.githubPath()),
                    new LabelPolicy(config.labels(), config.architecture()));
        } catch (RuntimeException e) {
            log.error("unusable consumer configuration: {}", MongoUris.redact(String.valueOf(e.getMessage())));
            return 2;
        }
        try (mongo) {
            var database = mongo.database();
            Consumer consumer = new Consumer(new MessageQueue(database, settings.queue(), owner, clock),
                    new JobRegistry(database, settings.queue().lease(), owner, clock), check, JobLookup.of(github),
                    manager, settings, clock);
            for (String signal : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(signal), s -> consumer.stop());
            }
            // A consumer lives only as long as the manager that started it: systemd stops the whole unit
            // when the manager dies, but nothing else would (a killed manager's consumers would claim on).
            Optional<ProcessHandle> starter = manager();
            if (starter.isEmpty()) {
                log.warn("the manager that started this consumer is gone already; stopping");
                return 0;
            }
            starter.get().onExit().thenRun(() -> {
                log.warn("the manager (pid {}) is gone; stopping", starter.get().pid());
                consumer.stop();
            });
            log.info("consuming queue {} of {} ({} messages at most, lease {} s) for {} with labels {}",
                    config.mongodb().queue(), config.mongodb(), settings.maxInFlight(), settings.queue().lease().toSeconds(),
                    config.github().path(), config.labels());
            consumer.run();
            return 0;
        } catch (RuntimeException e) {
            // the message only (redacted); the trace, whose messages are not, at debug level
            log.error("consumer failed: {}", MongoUris.redact(String.valueOf(e)));
            log.debug("consumer failure", e);
            return 1;
        }
    }
}
