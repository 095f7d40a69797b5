package githubrunner.cloudinit;

import java.util.List;

/** What goes into every runner VM's boot script, the same for all runners of a unit. */
public record VmOptions(
        ProxyUrls runnerProxy,
        boolean useAproxy,
        List<String> aproxyExcludeAddresses,
        List<String> aproxyRedirectPorts,
        String dockerhubMirror,
        String preJobScript,
        boolean allowExternalContributor,
        List<TmateServer> tmateServers,
        boolean useRunnerProxyForTmate,
        String otelCollectorEndpoint) {}
