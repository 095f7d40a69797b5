package githubrunner.cloudinit;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import java.util.List;

/** VM settings for tests: the charm's defaults, changed one setting at a time. */
public final class TestVms {
    public static final String PREFIX = "github-runner-0";
    public static final InstanceName RUNNER = InstanceName.parse("github-runner-0-0123456789ab", PREFIX).orElseThrow();
    /** base64 of a fake JIT config; distinctive, so tests can look for it anywhere. */
    public static final String JIT = "eyJmYWtlIjoiaml0LWNvbmZpZy1mb3ItdGVzdHMifQ==";
    public static final TmateServer TMATE = new TmateServer("tmate.example.com", 10022,
            "SHA256:pj6jMtCIgg26eJtHUro6MEmBOkVVnG+a0GYIVYPaJ3o", "SHA256:ltQuqZqoF1GHYrrAVd99jW8W7vj/mp9qCt3iCgbCSQI");

    private TestVms() {}

    static RunnerBootstrap bootstrap() {
        return new RunnerBootstrap(RUNNER, Secret.of(JIT), List.of("self-hosted", "linux", "x64", "large"));
    }

    public static Builder vm() {
        return new Builder();
    }

    /** A mutable copy of {@link VmOptions}, defaults as in config.yaml. */
    public static final class Builder {
        ProxyUrls runnerProxy = ProxyUrls.NONE;
        boolean useAproxy;
        List<String> excludeAddresses = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        List<String> redirectPorts = List.of("80", "443");
        String dockerhubMirror;
        String preJobScript;
        boolean allowExternalContributor = true;
        List<TmateServer> tmateServers = List.of();
        boolean useRunnerProxyForTmate;
        String otelEndpoint;

        public Builder proxy(String http) {
            runnerProxy = new ProxyUrls(http, null, null);
            return this;
        }

        public Builder proxy(ProxyUrls proxy) {
            runnerProxy = proxy;
            return this;
        }

        public Builder aproxy() {
            useAproxy = true;
            return this;
        }

        public Builder exclude(String... addresses) {
            excludeAddresses = List.of(addresses);
            return this;
        }

        public Builder ports(String... ports) {
            redirectPorts = List.of(ports);
            return this;
        }

        public Builder mirror(String url) {
            dockerhubMirror = url;
            return this;
        }

        public Builder preJobScript(String script) {
            preJobScript = script;
            return this;
        }

        public Builder contributorCheck() {
            allowExternalContributor = false;
            return this;
        }

        public Builder tmate(TmateServer... servers) {
            tmateServers = List.of(servers);
            return this;
        }

        public Builder tmateThroughProxy() {
            useRunnerProxyForTmate = true;
            return this;
        }

        public Builder otel(String endpoint) {
            otelEndpoint = endpoint;
            return this;
        }

        public VmOptions build() {
            return new VmOptions(runnerProxy, useAproxy, excludeAddresses, redirectPorts, dockerhubMirror, preJobScript,
                    allowExternalContributor, tmateServers, useRunnerProxyForTmate, otelEndpoint);
        }

        /** The same settings as the charm writes them into the manager config. */
        public ManagerConfig.Vm contract() {
            return new ManagerConfig.Vm(new ManagerConfig.Proxy(runnerProxy.http(), runnerProxy.https(), runnerProxy.noProxy()),
                    useAproxy, excludeAddresses, redirectPorts, dockerhubMirror, preJobScript, allowExternalContributor,
                    tmateServers.stream().map(t -> new ManagerConfig.TmateServer(t.host(), t.port(), t.rsaFingerprint(),
                            t.ed25519Fingerprint())).toList(), useRunnerProxyForTmate, otelEndpoint);
        }
    }
}
