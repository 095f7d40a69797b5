package githubrunner.manager;

import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloudinit.RunnerBootstrap;
import githubrunner.cloudinit.Templates;
import githubrunner.cloudinit.UserDataRenderer;
import githubrunner.cloudinit.VmOptions;
import githubrunner.common.HostPaths;
import githubrunner.common.LoggingSetup;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import githubrunner.manager.http.ManagerHttpApi;
import githubrunner.manager.http.ManagerRoutes;
import githubrunner.manager.http.ReactiveRoutes;
import githubrunner.manager.http.Routes;
import githubrunner.metrics.SshSettings;
import githubrunner.metrics.VmFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code github-runner manager --config FILE [--check-interval SECONDS]}: the unit's long-running
 * runner manager, started by systemd. Its HTTP API comes up first, so the charm sees a live
 * service even while GitHub or OpenStack are unreachable; SIGTERM finishes the current step and
 * stops cleanly.
 */
public final class ManagerMain {
    /** The charm's Python-style level names, as logback names them. */
    private static final Map<String, String> LOG_LEVELS = Map.of("CRITICAL", "ERROR", "FATAL", "ERROR", "ERROR", "ERROR",
            "WARNING", "WARN", "INFO", "INFO", "DEBUG", "DEBUG");

    /** The shortest time between two looks at the fleet (unchanged listings cost no GitHub budget). */
    static final Duration DEFAULT_CHECK_FLOOR = Duration.ofSeconds(3);
    /** With reactive runners, an idle runner beyond the expected count is kept this long for the next job. */
    static final Duration REACTIVE_SURPLUS_GRACE = Duration.ofMinutes(5);
    /** How long a flush or drain keeps retrying failed removals. */
    static final Duration FLUSH_LIMIT = Duration.ofMinutes(4);

    private ManagerMain() {}

    public static int run(String[] args) throws IOException, InterruptedException {
        Path configFile = null;
        // Touching the reconciler here would start logging before its level and name are known.
        Duration checkInterval = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(args[++i]);
                case "--check-interval" -> checkInterval = Duration.ofSeconds(Long.parseLong(args[++i]));
                default -> {
                    System.err.println("usage: github-runner manager --config FILE [--check-interval SECONDS]");
                    return 2;
                }
            }
        }
        if (configFile == null) {
            System.err.println("usage: github-runner manager --config FILE [--check-interval SECONDS]");
            return 2;
        }
        ManagerConfig config;
        try {
            config = ManagerConfigFile.read(configFile);
        } catch (IOException e) {
            System.err.println("github-runner manager: cannot read " + configFile + ": " + e.getMessage());
            return 1;
        }
        // Logging starts after the config is read: its level and the unit name come from it.
        System.setProperty(LoggingSetup.LEVEL_PROPERTY, LOG_LEVELS.getOrDefault(config.logLevel(), "INFO"));
        System.setProperty(LoggingSetup.NAME_PROPERTY, config.unit());
        return serve(config, configFile, HostPaths.fromEnvironment(System.getenv()),
                checkInterval != null ? checkInterval : DEFAULT_CHECK_FLOOR);
    }

    static int serve(ManagerConfig config, Path configFile, HostPaths host, Duration checkInterval)
            throws IOException, InterruptedException {
        Logger log = LoggerFactory.getLogger(ManagerMain.class);
        Clock clock = Clock.systemUTC();
        ManagerStatus status = new ManagerStatus(clock.instant());
        Path keys = host.resolve("/var/lib/github-runner-manager/" + config.prefix() + "/keys");
        GitHubClient github = githubClient(config, config.github());
        OpenStackCloud cloud = new OpenStackCloud(ClientSettings.openstack(config.openstack()), config.prefix(), keys,
                OpenStackOptions.defaults().withProxy(ModelProxy.of(config.managerProxy())));
        UserDataRenderer renderer = new UserDataRenderer(Templates.locate(Map.of()));
        VmOptions vm = ClientSettings.vm(config.vm());
        ManagerMetrics metrics = new ManagerMetrics(config.application(), new MetricsLog(host.resolve(config.metricsLogPath()),
                clock), github::stats, github::rateLimit, cloud::stats);
        // Each VM's metrics files are pulled over SSH right before it is deleted.
        VmFileReader ssh = new VmFileReader(SshSettings.fromEnvironment(System.getenv(), config.managerSshProxyCommand()));
        VmMetricsCollector vmMetrics = new VmMetricsCollector(config, cloud, github, config.github(), metrics, ssh, clock);
        RunnerManager runners = new RunnerManager(
                new RunnerManager.Spec(config.prefix(), config.runners().imageId(), config.runners().labels()),
                ClientAdapters.registry(github), ClientAdapters.cloud(cloud, vmMetrics::beforeDelete),
                (name, jit, labels) -> renderer.render(vm, new RunnerBootstrap(name, jit, labels)), clock);
        Reconciler.Settings settings = new Reconciler.Settings(config.runners().baseVirtualMachines(),
                config.runners().maxTotalVirtualMachines(), Duration.ofMinutes(config.reconcileIntervalMinutes()),
                checkInterval, config.reactive() == null ? Duration.ZERO : REACTIVE_SURPLUS_GRACE, FLUSH_LIMIT);
        Path stateDirectory = configFile.toAbsolutePath().getParent();
        RetiredTargets retired = retiredTargets(config, keys, stateDirectory, metrics, ssh, clock);
        // With MongoDB: the consumers' runner requests are the demand, and a new one wakes the reconciler.
        ReactiveMode reactive = config.reactive() == null ? null : new ReactiveMode(config, stateDirectory,
                host.resolve(ManagerConfig.consumerLogPath(config.prefix())), status, metrics.reactive(), clock);
        Reconciler reconciler = new Reconciler(settings, runners, reactive == null ? DemandSource.NONE : reactive.requests(),
                retired, status, metrics, clock, Reconciler.Sleeper.REAL);
        Routes routes;
        if (reactive == null) {
            routes = ManagerRoutes.of(status::snapshot, reconciler, metrics::write);
        } else {
            reactive.wakes(reconciler::wakeUp);
            routes = ReactiveRoutes.add(ManagerRoutes.of(status::snapshot, new ReactiveOperations(reconciler, reactive),
                    metrics::write), reactive.requests());
        }
        ManagerHttpApi api = new ManagerHttpApi(config.httpPort(), config.apiToken(), routes);

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                log.info("stopping: finishing the current step");
                if (reactive != null) {
                    // first, while the API still answers their last calls: they give their messages back
                    try {
                        reactive.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                reconciler.close();
                api.close();
                runners.close();
                ssh.close();
                stopped.countDown();
            }
        };
        // SIGTERM (systemctl stop) is an orderly stop, exit 0; the JVM's default would exit 143.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> stop.run());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
        api.start();
        log.info("runner manager of {} listening on 127.0.0.1:{}; {} for {}, {} base / {} max runners, reconcile every {} min",
                config.unit(), api.port(), config.github().apiUrl(), config.github().path(),
                config.runners().baseVirtualMachines(), config.runners().maxTotalVirtualMachines(),
                config.reconcileIntervalMinutes());
        reconciler.start();
        if (reactive != null) {
            reactive.start();
        }
        stopped.await();
        return 0;
    }

    private static GitHubClient githubClient(ManagerConfig config, ManagerConfig.GitHub target) {
        return GitHubClient.create(ClientSettings.github(target), config.prefix(),
                GitHubClientOptions.defaults().withProxy(ModelProxy.of(config.managerProxy())));
    }

    /** The clouds and GitHub targets of earlier settings that may still hold runners of this unit. */
    /** The places the unit left: their runners are removed, and their VMs' metrics pulled first, as at home. */
    private static RetiredTargets retiredTargets(ManagerConfig config, Path keys, Path stateDirectory, ManagerMetrics metrics,
                                                 VmFileReader ssh, Clock clock) {
        List<RetiredTargets.Retired> targets = new ArrayList<>();
        for (ManagerConfig.Target target : config.retired()) {
            GitHubClient github = githubClient(config, target.github());
            OpenStackCloud cloud = new OpenStackCloud(ClientSettings.openstack(target.openstack()), config.prefix(), keys,
                    OpenStackOptions.defaults().withProxy(ModelProxy.of(config.managerProxy())));
            RunnerManager runners = new RunnerManager(new RunnerManager.Spec(config.prefix(), null, List.of()),
                    ClientAdapters.registry(github), ClientAdapters.cloud(cloud, new VmMetricsCollector(config, cloud, github,
                            target.github(), metrics, ssh, clock)::beforeDelete), (name, jit, labels) -> {
                        throw new IllegalStateException("no runner is created in a retired target");
                    }, clock);
            targets.add(new RetiredTargets.Retired(target.id(), target.toString(), runners));
        }
        return new RetiredTargets(targets, stateDirectory.resolve(ManagerConfig.RETIRED_DONE_FILE));
    }
}
