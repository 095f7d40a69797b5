package githubrunner.charm.config;

import githubrunner.charm.UnitIdentity;
import githubrunner.juju.JujuBackend;
import githubrunner.contract.ManagerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Juju config, secrets and relation data into a validated {@link ManagerConfig}, or one
 * reason why that is not possible ({@link ConfigException}, Blocked or Waiting). Options are
 * checked in the Python charm's order, so the first reason an operator sees is the same.
 */
public final class CharmConfig {
    public static final String METRICS_LOG_PATH = "/var/log/github-runner-metrics.log";
    /** Changing any of these makes existing runners stale: they are flushed (Python charm §2.1). */
    static final List<String> FLUSH_KEYS = List.of("token", "token-secret-id", "github-app-client-id",
            "github-app-installation-id", "github-app-private-key-secret-id", "path", "labels",
            "openstack-clouds-yaml-secret-id", "allow-external-contributor");
    /** A day: a longer pause between cleanups only lets leaked VMs and keypairs pile up. */
    static final int MAX_RECONCILE_INTERVAL_MINUTES = 1440;
    private static final Logger LOG = LoggerFactory.getLogger(CharmConfig.class);

    private final JujuBackend juju;
    private final Map<String, String> environment;
    private final UnitIdentity unit;

    public CharmConfig(JujuBackend juju, Map<String, String> environment, UnitIdentity unit) {
        this.juju = juju;
        this.environment = environment;
        this.unit = unit;
    }

    /**
     * A loaded configuration: what the manager gets, a digest of the flush-relevant options, and the
     * hosted webhook router's settings (null when not configured).
     */
    public record Loaded(ManagerConfig managerConfig, String flushFingerprint, RouterSettings router) {}

    /** The OpenStack auth map the image integration publishes. */
    public record CloudsYamlAuth(Map<String, String> relationData) {
        @Override
        public String toString() {
            return "CloudsYamlAuth[*****]";
        }
    }

    public Loaded load() throws ConfigException {
        Map<String, Object> values = juju.configGet();
        OptionText.check(values);
        RawConfig config = new RawConfig(values);
        SecretReader secrets = new SecretReader(juju);

        ManagerConfig.GitHub github = GitHubSettings.parse(config, secrets);
        int interval = (int) config.integer("reconcile-interval", 5, 1, MAX_RECONCILE_INTERVAL_MINUTES);
        String dockerhubMirror = VmSettings.dockerhubMirror(config.string("dockerhub-mirror"));
        CloudsYaml cloud = CloudsYaml.fromConfig(config, secrets);
        if (cloud.cloudCount() > 1) {
            LOG.warn("clouds.yaml holds {} clouds; only the first, '{}', is used", cloud.cloudCount(), cloud.cloudName());
        }
        List<String> labels = Labels.parse(config.string("labels"));
        List<String> excludeAddresses = AproxyRules.excludeAddresses(config.string("aproxy-exclude-addresses"));
        List<String> redirectPorts = AproxyRules.redirectPorts(config.string("aproxy-redirect-ports"));
        String preJobScript = VmSettings.preJobScript(config.string("pre-job-script"));
        String logLevel = VmSettings.logLevel(config.string("runner-manager-log-level"));
        String otelEndpoint = VmSettings.otelCollectorEndpoint(config.string("otel-collector-endpoint"));

        ProxySettings proxies = ProxySettings.parse(config, environment);
        boolean useAproxy = config.bool("experimental-use-aproxy", false);
        if (useAproxy && proxies.runnerProxyAddress() == null) {
            throw ConfigException.blocked("Invalid proxy configuration: aproxy requires a runner proxy to be set");
        }
        boolean aproxy = useAproxy && !redirectPorts.isEmpty();
        if (aproxy) {
            proxies.requireUsableByAproxy();
        }

        RunnerSettings runners = RunnerSettings.parse(config);
        RelationData relations = new RelationData(juju);
        List<ManagerConfig.TmateServer> tmateServers = relations.tmateServers();
        if (unit.prefix().length() > UnitIdentity.MAX_PREFIX_LENGTH) {
            throw ConfigException.blocked("Application name too long: VM names (" + unit.prefix()
                    + "-<12 hex>) must fit in 64 characters");
        }
        RelationData.Image image = relations.image();
        RouterSettings router = RouterSettings.parse(config, secrets);
        ManagerConfig.Reactive reactive = new MongoDbRelation(juju, MongoDbRelation.brokenRelation(environment))
                .read(unit.application());

        ManagerConfig managerConfig = new ManagerConfig(ManagerConfig.VERSION,
                unit.unitName(), unit.application(), unit.prefix(), github,
                cloud.toManagerConfig(config.string("openstack-network").strip(), runners.flavor()),
                new ManagerConfig.Runners(image.id(), Labels.merge(runners.flavorLabels(), labels, image.tags()),
                        runners.base(), runners.max()),
                interval,
                proxies.manager(),
                new ManagerConfig.Vm(proxies.runner(), aproxy, excludeAddresses,
                        redirectPorts, dockerhubMirror, preJobScript,
                        config.bool("allow-external-contributor", true), tmateServers,
                        config.bool("use-runner-proxy-for-tmate", false), otelEndpoint),
                emptyToNull(config.string("manager-ssh-proxy-command")),
                logLevel, 0, METRICS_LOG_PATH, null, reactive, List.of());
        return new Loaded(managerConfig, flushFingerprint(values), router);
    }

    /**
     * The OpenStack auth map alone, for image-relation-joined: the image builder needs it even
     * while the rest of the configuration (or the image) is not ready yet.
     */
    public CloudsYamlAuth cloudAuth() throws ConfigException {
        RawConfig config = new RawConfig(juju.configGet());
        return new CloudsYamlAuth(CloudsYaml.fromConfig(config, new SecretReader(juju)).authRelationData());
    }

    /** SHA-256 of the flush-relevant options: compared across hooks without storing any token. */
    static String flushFingerprint(Map<String, Object> values) {
        TreeMap<String, String> relevant = new TreeMap<>();
        for (String key : FLUSH_KEYS) {
            Object value = values.get(key);
            relevant.put(key, value == null ? "" : value.toString());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(relevant.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String emptyToNull(String text) {
        return text.isBlank() ? null : text;
    }
}
