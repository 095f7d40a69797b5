package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.UnitFiles;
import githubrunner.charm.config.CharmConfig;
import githubrunner.charm.config.ConfigException;
import githubrunner.common.SecureFiles;
import githubrunner.juju.UnitStatus;
import githubrunner.manager.config.ManagerConfig;
import githubrunner.manager.config.ManagerConfigFile;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config-changed, start, secret-changed and the image, debug-ssh and mongodb relation events:
 * validate everything, then hand the settings to the unit's runner manager. A configuration
 * problem is never a hook failure: it becomes Blocked or Waiting with the reason.
 */
public final class ConfigureHandler implements Handler {
    static final String FLUSH_FINGERPRINT_KEY = "flush-fingerprint";
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
        ManagerConfig config = loaded.managerConfig();
        SecureFiles.createOwnerOnlyDirectory(files.stateDirectory());
        ManagerConfigFile.write(files.managerConfig(), config);
        context.commands().runChecked(List.of("chown", "-R", HostSetup.SERVICE_USER + ":" + HostSetup.SERVICE_USER,
                files.stateDirectory().toString()));

        String previous = context.juju().stateGet().get(FLUSH_FINGERPRINT_KEY);
        if (!loaded.flushFingerprint().equals(previous)) {
            context.juju().stateSet(Map.of(FLUSH_FINGERPRINT_KEY, loaded.flushFingerprint()));
        }
        LOG.info("{}: runner settings saved for {} ({} base, {} max runners, image {})", event,
                config.github().path(), config.runners().baseVirtualMachines(),
                config.runners().maxTotalVirtualMachines(), config.runners().imageId());
        UnitStatus status = UnitStatus.waiting("Settings saved; runner manager not running yet");
        context.juju().statusSet(status);
        files.writeConfigStatus(status);
    }
}
