package githubrunner.charm.service;

import githubrunner.charm.CharmContext;
import githubrunner.charm.UnitFiles;
import githubrunner.charm.config.RouterSettings;
import githubrunner.common.HostPaths;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.contract.RouterConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted webhook router, {@code github-runner-webhook-router@<app>-<n>.service}: when the
 * routing table is set and MongoDB is integrated, its 0600 config (the queue's URI, the webhook
 * secret and the charm's GitHub credentials for redelivery), its unit file, and its port, opened
 * so that {@code juju expose} puts it in front of GitHub. Otherwise none of them exist.
 */
public final class RouterService {
    static final String PORT_STATE_KEY = "webhook-router-port";
    private static final Logger LOG = LoggerFactory.getLogger(RouterService.class);

    private final CharmContext context;
    private final UnitFiles files;

    public RouterService(CharmContext context) {
        this.context = context;
        this.files = context.files();
    }

    public String unitName() {
        return "github-runner-webhook-router@" + context.unit().prefix() + ".service";
    }

    public Path unitFile() {
        return context.host().resolve("/etc/systemd/system/" + unitName());
    }

    public Path configFile() {
        return files.stateDirectory().resolve("webhook-router.yaml");
    }

    public Path logFile() {
        return context.host().resolve(UnitFiles.LOG_DIR + "/" + context.unit().prefix() + "-webhook-router.log");
    }

    /** The port of the router this unit hosts, or null when it hosts none (for the cos-agent scrape jobs). */
    public Integer hostedPort() {
        if (!Files.exists(configFile())) {
            return null;
        }
        try {
            return RouterConfigFile.read(configFile()).port();
        } catch (IOException e) {
            LOG.warn("webhook router config unreadable: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Runs the router with these settings, or removes it when there are none or MongoDB is not
     * integrated. Restarts it only when its config or unit file changed, or it is not running.
     */
    public void apply(RouterSettings settings, ManagerConfig manager) throws IOException {
        if (settings == null || manager.reactive() == null) {
            if (settings != null) {
                LOG.info("webhook router configured, waiting for the mongodb integration");
            }
            remove();
            return;
        }
        RouterConfig config = routerConfig(settings, manager);
        boolean configChanged = !config.equals(previous());
        if (configChanged) {
            RouterConfigFile.write(configFile(), config);
            context.commands().runChecked(List.of("chown", ManagerService.SERVICE_USER + ":" + ManagerService.SERVICE_USER,
                    configFile().toString()));
        }
        boolean unitChanged = writeUnitFile();
        if (configChanged || unitChanged || !isActive()) {
            if (unitChanged) {
                systemctl("daemon-reload");
            }
            systemctl("enable", unitName());
            systemctl("restart", unitName());
            LOG.info("webhook router (re)started on port {} for flavours {}", settings.port(),
                    settings.rules().flavours().stream().map(f -> f.name()).toList());
        }
        openPort(settings.port());
    }

    /** Stops and removes the router, its config and its port. */
    public void remove() throws IOException {
        if (Files.exists(unitFile())) {
            context.commands().run(List.of("systemctl", "stop", unitName()));
            context.commands().run(List.of("systemctl", "disable", unitName()));
            Files.deleteIfExists(unitFile());
            systemctl("daemon-reload");
            LOG.info("webhook router removed");
        }
        Files.deleteIfExists(configFile());
        String opened = context.juju().stateGet().get(PORT_STATE_KEY);
        if (opened != null && !opened.isEmpty()) {
            context.juju().closePort(Integer.parseInt(opened), "tcp");
            context.juju().stateSet(Map.of(PORT_STATE_KEY, ""));
        }
    }

    RouterConfig routerConfig(RouterSettings settings, ManagerConfig manager) {
        ManagerConfig.Reactive reactive = manager.reactive();
        return new RouterConfig(RouterConfig.VERSION, manager.unit(), "0.0.0.0", settings.port(), reactive.mongodbUri(),
                reactive.database(), settings.rules().flavoursTree(), settings.rules().defaultFlavour(),
                settings.rules().defaultLabels(), settings.webhookSecret(), false, manager.github(), null, null, null,
                null, manager.logLevel());
    }

    private RouterConfig previous() {
        if (!Files.exists(configFile())) {
            return null;
        }
        try {
            return RouterConfigFile.read(configFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** The port follows the option: the old one is closed when it changes. */
    private void openPort(int port) {
        String opened = context.juju().stateGet().get(PORT_STATE_KEY);
        if (opened != null && !opened.isEmpty() && !opened.equals(Integer.toString(port))) {
            context.juju().closePort(Integer.parseInt(opened), "tcp");
        }
        context.juju().openPort(port, "tcp");
        if (!Integer.toString(port).equals(opened)) {
            context.juju().stateSet(Map.of(PORT_STATE_KEY, Integer.toString(port)));
        }
    }

    boolean writeUnitFile() throws IOException {
        String content = unitFileContent();
        Path file = unitFile();
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return true;
    }

    String unitFileContent() {
        HostPaths host = context.host();
        String log = logFile().toString();
        StringBuilder unit = new StringBuilder("""
                [Unit]
                Description=GitHub webhook router of Juju unit %s
                After=network-online.target
                Wants=network-online.target
                StartLimitIntervalSec=0

                [Service]
                Type=simple
                User=%s
                Group=%s
                AmbientCapabilities=CAP_NET_BIND_SERVICE
                NoNewPrivileges=true
                """.formatted(context.unit().unitName(), ManagerService.SERVICE_USER, ManagerService.SERVICE_USER));
        if (host.isSandboxed()) {
            unit.append("Environment=").append(HostPaths.ROOT_VARIABLE).append('=').append(host).append('\n');
        }
        unit.append("""
                ExecStart=%s -XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError -jar %s webhook-router --config %s
                Restart=always
                RestartSec=5
                TimeoutStopSec=30
                StandardOutput=append:%s
                StandardError=append:%s

                [Install]
                WantedBy=multi-user.target
                """.formatted(ManagerService.javaBinary(context), context.charmDir().resolve("lib/github-runner.jar"),
                configFile(), log, log));
        return unit.toString();
    }

    private boolean isActive() throws IOException {
        return context.commands().run(List.of("systemctl", "is-active", "--quiet", unitName())).succeeded();
    }

    private void systemctl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("systemctl"));
        command.addAll(List.of(args));
        context.commands().runChecked(command);
    }
}
