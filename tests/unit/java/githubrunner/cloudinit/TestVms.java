package githubrunner.cloudinit;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.manager.config.ManagerConfig.Proxy;
import githubrunner.manager.config.ManagerConfig.TmateServer;
import githubrunner.manager.config.ManagerConfig.Vm;
import java.util.List;

/** VM settings for tests: the charm's defaults, changed one setting at a time. */
final class TestVms {
    static final String PREFIX = "github-runner-0";
    static final InstanceName RUNNER = InstanceName.parse("github-runner-0-0123456789ab", PREFIX).orElseThrow();
    /** base64 of a fake JIT config; distinctive, so tests can look for it anywhere. */
    static final String JIT = "eyJmYWtlIjoiaml0LWNvbmZpZy1mb3ItdGVzdHMifQ==";
    static final TmateServer TMATE = new TmateServer("tmate.example.com", 10022,
            "SHA256:pj6jMtCIgg26eJtHUro6MEmBOkVVnG+a0GYIVYPaJ3o", "SHA256:ltQuqZqoF1GHYrrAVd99jW8W7vj/mp9qCt3iCgbCSQI");

    private TestVms() {}

    static RunnerBootstrap bootstrap() {
        return new RunnerBootstrap(RUNNER, Secret.of(JIT), List.of("self-hosted", "linux", "x64", "large"));
    }

    static Builder vm() {
        return new Builder();
    }

    /** A mutable copy of {@link Vm}, defaults as in config.yaml. */
    static final class Builder {
        Proxy runnerProxy = Proxy.NONE;
        boolean useAproxy;
        List<String> excludeAddresses = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        List<String> redirectPorts = List.of("80", "443");
        String dockerhubMirror;
        String preJobScript;
        boolean allowExternalContributor = true;
        List<TmateServer> tmateServers = List.of();
        boolean useRunnerProxyForTmate;
        String otelEndpoint;

        Builder proxy(String http) {
            runnerProxy = new Proxy(http, null, null);
            return this;
        }

        Builder proxy(Proxy proxy) {
            runnerProxy = proxy;
            return this;
        }

        Builder aproxy() {
            useAproxy = true;
            return this;
        }

        Builder exclude(String... addresses) {
            excludeAddresses = List.of(addresses);
            return this;
        }

        Builder ports(String... ports) {
            redirectPorts = List.of(ports);
            return this;
        }

        Builder mirror(String url) {
            dockerhubMirror = url;
            return this;
        }

        Builder preJobScript(String script) {
            preJobScript = script;
            return this;
        }

        Builder contributorCheck() {
            allowExternalContributor = false;
            return this;
        }

        Builder tmate(TmateServer... servers) {
            tmateServers = List.of(servers);
            return this;
        }

        Builder tmateThroughProxy() {
            useRunnerProxyForTmate = true;
            return this;
        }

        Builder otel(String endpoint) {
            otelEndpoint = endpoint;
            return this;
        }

        Vm build() {
            return new Vm(runnerProxy, useAproxy, excludeAddresses, redirectPorts, dockerhubMirror, preJobScript,
                    allowExternalContributor, tmateServers, useRunnerProxyForTmate, otelEndpoint);
        }
    }
}
