package githubrunner.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import githubrunner.common.Secret;
import java.util.List;

/**
 * Everything a unit's runner manager needs, as the charm writes it (YAML, mode 0600) to
 * {@code /var/lib/github-runner-manager/<app>-<n>/config.yaml}. It is the contract between the
 * charm and the manager service: the charm validates, the manager trusts but re-checks the shape.
 *
 * @param version the format of this file, {@link #VERSION}; a manager refuses a version it does not know
 * @param unit Juju unit name, e.g. {@code github-runner/0}
 * @param application Juju application name, also the metrics "flavor"
 * @param prefix name prefix of every VM, keypair and runner of this unit, e.g. {@code github-runner-0}
 * @param managerProxy proxy for the manager's own calls (the model's juju-http-proxy)
 * @param httpPort the manager's HTTP API port on 127.0.0.1
 * @param metricsLogPath host path of the JSON-lines metrics log
 * @param apiToken bearer token the manager's local HTTP API requires (all but /health and /metrics)
 * @param reactive the MongoDB queue of reactive runners, or null without the mongodb integration
 * @param retired clouds and GitHub targets the unit used under earlier settings, whose runners the
 *     manager still removes as they finish (and all of them when the unit stops)
 */
public record ManagerConfig(
        int version,
        String unit,
        String application,
        String prefix,
        GitHub github,
        OpenStack openstack,
        Runners runners,
        int reconcileIntervalMinutes,
        Proxy managerProxy,
        Vm vm,
        String managerSshProxyCommand,
        String logLevel,
        int httpPort,
        String metricsLogPath,
        Secret apiToken,
        Reactive reactive,
        List<Target> retired) {

    public ManagerConfig {
        retired = retired == null ? List.of() : List.copyOf(retired);
    }

    /**
     * Next to the config file: ids of retired targets the manager found empty, one per line, which
     * the charm then drops from {@link #retired()}.
     */
    public static final String RETIRED_DONE_FILE = "retired-done";

    /** The format the charm writes and the manager reads; raised on any incompatible change. */
    public static final int VERSION = 2;

    public ManagerConfig withHttpPort(int port) {
        return new ManagerConfig(version, unit, application, prefix, github, openstack, runners, reconcileIntervalMinutes,
                managerProxy, vm, managerSshProxyCommand, logLevel, port, metricsLogPath, apiToken, reactive, retired);
    }

    public ManagerConfig withRetired(List<Target> targets) {
        return new ManagerConfig(version, unit, application, prefix, github, openstack, runners, reconcileIntervalMinutes,
                managerProxy, vm, managerSshProxyCommand, logLevel, httpPort, metricsLogPath, apiToken, reactive, targets);
    }

    /** Where this configuration's runners live: its cloud and its GitHub target. */
    public Target target() {
        return new Target(github, openstack);
    }

    public ManagerConfig withApiToken(Secret token) {
        return new ManagerConfig(version, unit, application, prefix, github, openstack, runners, reconcileIntervalMinutes,
                managerProxy, vm, managerSshProxyCommand, logLevel, httpPort, metricsLogPath, token, reactive, retired);
    }

    /** Repository ({@code owner}, {@code repo}) or organisation ({@code org}, runner {@code group}). */
    public record GitHubPath(String org, String group, String owner, String repo) {
        public static GitHubPath organisation(String org, String group) {
            return new GitHubPath(org, group, null, null);
        }

        public static GitHubPath repository(String owner, String repo) {
            return new GitHubPath(null, null, owner, repo);
        }

        @JsonIgnore
        public boolean isOrganisation() {
            return org != null;
        }

        @Override
        public String toString() {
            return isOrganisation() ? org + " (group " + group + ")" : owner + "/" + repo;
        }
    }

    /** A personal access token, or a GitHub App (client id, installation id, PEM key). */
    public record GitHubAuth(Secret token, String appClientId, Long appInstallationId, Secret appPrivateKey) {
        public static GitHubAuth token(Secret token) {
            return new GitHubAuth(token, null, null, null);
        }

        public static GitHubAuth app(String clientId, long installationId, Secret privateKey) {
            return new GitHubAuth(null, clientId, installationId, privateKey);
        }

        @JsonIgnore
        public boolean isApp() {
            return appClientId != null;
        }
    }

    /** @param apiUrl REST API base URL without trailing slash, e.g. https://api.github.com */
    public record GitHub(String apiUrl, GitHubPath path, GitHubAuth auth) {}

    /**
     * The first cloud of clouds.yaml (Keystone v3), network and flavor. Password auth fills
     * username, password and the project; an application credential
     * ({@code auth_type: v3applicationcredential}) fills its secret and its id, or its name with
     * username and user domain, and leaves password and project null (the credential has its own).
     */
    public record OpenStack(String authUrl, String username, Secret password, String projectName,
                            String userDomainName, String projectDomainName, String regionName,
                            String network, String flavor, String applicationCredentialId,
                            String applicationCredentialName, Secret applicationCredentialSecret) {

        /** Password auth. */
        public OpenStack(String authUrl, String username, Secret password, String projectName, String userDomainName,
                         String projectDomainName, String regionName, String network, String flavor) {
            this(authUrl, username, password, projectName, userDomainName, projectDomainName, regionName, network,
                    flavor, null, null, null);
        }

        @JsonIgnore
        public boolean isApplicationCredential() {
            return applicationCredentialSecret != null;
        }
    }

    /**
     * @param imageId Glance image id from the image integration
     * @param labels runner labels: flavor label, configured labels, then image tags (deduplicated)
     * @param baseVirtualMachines runners kept ready
     * @param maxTotalVirtualMachines cap on all runner VMs, 0 for none
     */
    public record Runners(String imageId, List<String> labels, int baseVirtualMachines, int maxTotalVirtualMachines) {}

    /** Proxy URLs; any may be null. */
    public record Proxy(String http, String https, String noProxy) {
        public static final Proxy NONE = new Proxy(null, null, null);

        @JsonIgnore
        public boolean isSet() {
            return http != null || https != null;
        }
    }

    /** A tmate SSH debug server from the debug-ssh integration. */
    public record TmateServer(String host, int port, String rsaFingerprint, String ed25519Fingerprint) {}

    /** What goes into each runner VM's boot script. */
    public record Vm(
            Proxy runnerProxy,
            boolean useAproxy,
            List<String> aproxyExcludeAddresses,
            List<String> aproxyRedirectPorts,
            String dockerhubMirror,
            String preJobScript,
            boolean allowExternalContributor,
            List<TmateServer> tmateServers,
            boolean useRunnerProxyForTmate,
            String otelCollectorEndpoint) {}

    /**
     * Jobs from the webhook router's MongoDB queue (kombu format, reference/peers.md §B).
     *
     * @param mongodbUri connection URI, credentials included
     * @param database the database holding the {@code messages} collection
     * @param queue the queue to consume: the application name (the router's flavour)
     */
    public record Reactive(Secret mongodbUri, String database, String queue, ConsumerTuning consumers) {
        /** The charm's: consumers as the manager sizes them. */
        public Reactive(Secret mongodbUri, String database, String queue) {
            this(mongodbUri, database, queue, null);
        }

        @Override
        public String toString() {
            return "Reactive[database=" + database + ", queue=" + queue + (consumers == null ? "" : ", " + consumers) + "]";
        }
    }

    /**
     * Overrides of the consumers' sizing and pacing, each null for the manager's default. The charm
     * sets none; tests and benchmarks that compress time (VMs booting in a second, jobs of a few
     * seconds) scale the consumers' leases and checks with it.
     *
     * @param count consumer processes
     * @param leaseSeconds message, job and runner-request leases
     * @param pollMinMillis first wait before a waiting job is checked again
     * @param pollMaxMillis the longest wait between checks
     * @param claimIntervalMillis wait between claims while the queue is empty
     */
    public record ConsumerTuning(Integer count, Integer leaseSeconds, Integer pollMinMillis, Integer pollMaxMillis,
                                 Integer claimIntervalMillis) {}

    /**
     * The unit's consumer log (all its consumers, rotated by size by the manager itself), in a
     * directory of its own so that the daily logrotate of {@code /var/log/github-runner-manager/*.log}
     * never copies and truncates it under the rotation the manager does.
     */
    public static String consumerLogPath(String prefix) {
        return "/var/log/github-runner-manager/consumers/" + prefix + ".log";
    }

    /**
     * A cloud and a GitHub target together: where a unit's runners live. Two targets are the same
     * place when {@link #id()} matches; a rotated password or token does not move the runners.
     */
    public record Target(GitHub github, OpenStack openstack) {
        /** Identifies the place, without any credential: SHA-256 of cloud, project, region, user and GitHub path. */
        public String id() {
            String place = String.join("\n", openstack.authUrl(), openstack.projectDomainName(), openstack.projectName(),
                    String.valueOf(openstack.regionName()), openstack.userDomainName(), openstack.username(),
                    github.apiUrl(), String.valueOf(github.path()));
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(place.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest, 0, 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Target[" + openstack.authUrl() + " project " + openstack.projectName() + ", " + github.path() + "]";
        }
    }
}
