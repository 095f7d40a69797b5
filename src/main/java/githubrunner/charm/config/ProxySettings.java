package githubrunner.charm.config;

import githubrunner.contract.ManagerConfig.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * The model's proxy (JUJU_CHARM_*_PROXY, used by the manager itself) and the runners' proxy
 * (runner-http-proxy, else the model's), which aproxy and tmate use inside the VMs.
 *
 * @param runnerSource where the runner proxy comes from, for messages
 */
record ProxySettings(Proxy manager, Proxy runner, String runnerSource) {
    private static final String INVALID = "Invalid proxy configuration: ";

    static ProxySettings parse(RawConfig config, Map<String, String> environment) throws ConfigException {
        Proxy model = new Proxy(
                url(environment.get("JUJU_CHARM_HTTP_PROXY"), "juju-http-proxy"),
                url(environment.get("JUJU_CHARM_HTTPS_PROXY"), "juju-https-proxy"),
                noProxy(environment.get("JUJU_CHARM_NO_PROXY")));
        // No proxy means nothing to bypass: drop no_proxy alone, as the Python charm does.
        if (!model.isSet()) {
            model = Proxy.NONE;
        }
        String runnerProxy = config.string("runner-http-proxy");
        if (runnerProxy.isBlank()) {
            return new ProxySettings(model, model, "the model's juju-http-proxy / juju-https-proxy");
        }
        return new ProxySettings(model, new Proxy(url(runnerProxy, "runner-http-proxy"), null, null), "runner-http-proxy");
    }

    /**
     * aproxy takes the upstream proxy as {@code host:port} and sends CONNECT without
     * Proxy-Authorization, and its snap refuses any host but a name or IPv4 address (aproxy 0.2.5,
     * snap/hooks/configure): credentials would be silently dropped, an IPv6 literal refused in
     * every VM. Say so here instead.
     */
    void requireUsableByAproxy() throws ConfigException {
        for (String url : new String[] {runner.http(), runner.https()}) {
            if (url == null) {
                continue;
            }
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() != null) {
                throw ConfigException.blocked(INVALID + "aproxy cannot authenticate to a proxy, but " + runnerSource
                        + " holds a user name or password; allow the runners' addresses without authentication,"
                        + " or set experimental-use-aproxy=false");
            }
        }
        String host = URI.create(runner.http() != null ? runner.http() : runner.https()).getHost();
        if (host.startsWith("[")) {
            throw ConfigException.blocked(INVALID + "aproxy needs the proxy as a host name or IPv4 address, but "
                    + runnerSource + " names an IPv6 address");
        }
    }

    /** host:port of the runner proxy for aproxy, or null when there is none. */
    String runnerProxyAddress() {
        String url = runner.http() != null ? runner.http() : runner.https();
        if (url == null) {
            return null;
        }
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** Validates a proxy URL; the message never repeats it, as it may hold credentials. */
    private static String url(String value, String option) throws ConfigException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (http && uri.getHost() != null && Addresses.isHost(uri.getHost().replaceAll("^\\[|]$", ""))
                    && (path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigException.blocked(INVALID + option + " must be a URL such as http://proxy.example.com:3128");
    }

    private static String noProxy(String value) throws ConfigException {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("[A-Za-z0-9.,:/*\\[\\]_ -]+")) {
            throw ConfigException.blocked(INVALID + "juju-no-proxy holds characters that are not host names or addresses");
        }
        return value.strip();
    }
}
