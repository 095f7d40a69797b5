package githubrunner.charm.handlers;

import githubrunner.charm.ApiToken;
import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.ManagerClient;
import githubrunner.charm.UnitFiles;
import githubrunner.charm.config.CharmConfig;
import githubrunner.charm.config.ConfigException;
import githubrunner.charm.config.MongoDbRelation;
import githubrunner.charm.service.ManagerPorts;
import githubrunner.charm.service.ManagerService;
import githubrunner.charm.service.RouterService;
import githubrunner.charm.service.StatusEvaluator;
import githubrunner.common.SecureFiles;
import githubrunner.juju.UnitStatus;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config-changed, start, upgrade-charm, secret-changed and the image, debug-ssh and mongodb
 * relation events: validate everything, then hand the settings to the unit's runner manager
 * service, restarting it only when they changed.
 *
 * <p>A configuration problem is never a hook failure: it becomes Blocked or Waiting with the
 * reason, and a manager that is already running keeps its last valid configuration, so runners
 * keep being replaced while the operator fixes the typo. Runners registered under settings that
 * changed (path, credentials, labels, image, ...) are flushed through the old manager first,
 * which stops creating runners so that none with the old settings comes back before the restart.
 */
public final class ConfigureHandler implements Handler {
    static final String FLUSH_FINGERPRINT_KEY = "flush-fingerprint";
    private static final Duration HEALTH_WAIT = Duration.ofSeconds(60);
    /** The restart follows at once; should it not, the drain lapses and the old manager resumes. */
    private static final Duration DRAIN_FOR = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigureHandler.class);

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        UnitFiles files = context.files();
        CharmConfig.Loaded loaded;
        try {
            loaded = new CharmConfig(context.juju(), context.environment(), context.unit()).load();
        } catch (ConfigException e) {
            LOG.warn("{}: configuration not usable: {}", event, e.getMessage());
            context.juju().statusSet(e.status());
            files.writeConfigStatus(e.status());
            return;
        }
        ManagerService service = new ManagerService(context);
        ManagerConfig previous = previousConfig(files);
        String previousFingerprint = context.juju().stateGet().get(FLUSH_FINGERPRINT_KEY);
        String reason = flushReason(event, previous, loaded, previousFingerprint,
                context.environment().get("JUJU_SECRET_LABEL"));
        boolean drained = reason != null && drainStaleRunners(files, reason);

        int port = new ManagerPorts(context.host()).allocate(files, context.unit().number());
        ManagerConfig config = loaded.managerConfig().withHttpPort(port).withApiToken(ApiToken.ensure(files));
        config = config.withRetired(RetiredTargetList.carry(previous, config, files.stateDirectory()));
        SecureFiles.createOwnerOnlyDirectory(files.stateDirectory());
        boolean configChanged = !config.equals(previous);
        if (configChanged) {
            ManagerConfigFile.write(files.managerConfig(), config);
        }
        context.commands().runChecked(List.of("chown", "-R", ManagerService.SERVICE_USER + ":" + ManagerService.SERVICE_USER,
                files.stateDirectory().toString()));
        ApiToken.keepCharmOnly(files);
        boolean unitChanged = service.writeUnitFile();
        boolean upgraded = event.name().equals("upgrade-charm");
        if (configChanged || unitChanged || upgraded || drained || !service.isActive()) {
            context.juju().statusSet(UnitStatus.maintenance("Starting the runner manager"));
            service.restart(unitChanged);
            LOG.info("{}: runner manager (re)started on 127.0.0.1:{} for {} ({} base, {} max runners, image {})", event,
                    port, config.github().path(), config.runners().baseVirtualMachines(),
                    config.runners().maxTotalVirtualMachines(), config.runners().imageId());
            waitUntilHealthy(new ManagerClient(port, null));
        }
        new RouterService(context).apply(loaded.router(), config);
        if (!loaded.flushFingerprint().equals(previousFingerprint)) {
            context.juju().stateSet(Map.of(FLUSH_FINGERPRINT_KEY, loaded.flushFingerprint()));
        }
        files.writeConfigStatus(UnitStatus.active(""));
        context.juju().statusSet(StatusEvaluator.current(files));
    }

    /** Why the current runners must go, or null: they were made with settings that changed. */
    private static String flushReason(Event event, ManagerConfig previous, CharmConfig.Loaded loaded,
                                      String previousFingerprint, String secretLabel) {
        if (previous == null) {
            return null;
        }
        if (previousFingerprint != null && !previousFingerprint.equals(loaded.flushFingerprint())) {
            return "path, credentials, labels or contributor policy changed";
        }
        if (!previous.target().id().equals(loaded.managerConfig().target().id())) {
            return "the cloud or GitHub target changed";
        }
        if (!previous.runners().imageId().equals(loaded.managerConfig().runners().imageId())) {
            return "new image " + loaded.managerConfig().runners().imageId();
        }
        return switch (event.name()) {
            // rotated MongoDB credentials reach the consumers through the new config; runners stay
            case "secret-changed" -> MongoDbRelation.isCredentialLabel(secretLabel) ? null : "a secret changed";
            case "upgrade-charm" -> "charm upgraded";
            default -> null;
        };
    }

    /**
     * The manager still running with the old settings stops creating runners and removes its idle
     * ones (busy ones finish their job; the new manager cleans them up after). It must then be
     * restarted: a drained manager creates nothing. Returns whether it was drained.
     */
    private static boolean drainStaleRunners(UnitFiles files, String reason) {
        try {
            var flushed = ManagerClient.forUnit(files).drain(false, reason, DRAIN_FOR);
            LOG.info("flushed {} idle runners: {}", flushed.flushed(), reason);
            return true;
        } catch (ManagerClient.Unavailable e) {
            LOG.warn("idle runners not flushed ({}): {}", reason, e.getMessage());
            return false;
        }
    }

    private static ManagerConfig previousConfig(UnitFiles files) {
        if (!Files.exists(files.managerConfig())) {
            return null;
        }
        try {
            return ManagerConfigFile.read(files.managerConfig());
        } catch (IOException e) {
            LOG.warn("previous manager config unreadable, rewriting it: {}", e.getMessage());
            return null;
        }
    }

    private static void waitUntilHealthy(ManagerClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(HEALTH_WAIT);
        while (!client.isHealthy()) {
            if (Instant.now().isAfter(deadline)) {
                LOG.warn("runner manager not answering on 127.0.0.1:{} after {} s", client.port(), HEALTH_WAIT.toSeconds());
                return;
            }
            Thread.sleep(200);
        }
    }
}
