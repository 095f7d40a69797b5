package githubrunner.charm.config;

import githubrunner.contract.ManagerConfig.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * The model's proxy (JUJU_CHARM_*_PROXY, used by the manager itself) and the runners' proxy
 * (runner-http-proxy, else the model's), which aproxy and tmate use inside the VMs.
 */
record ProxySettings(Proxy manager, Proxy runner) {
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
        Proxy runner = runnerProxy.isBlank() ? model : new Proxy(url(runnerProxy, "runner-http-proxy"), null, null);
        return new ProxySettings(model, runner);
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
