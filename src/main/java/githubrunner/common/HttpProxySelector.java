package githubrunner.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A model's proxy (juju-http(s)-proxy, juju-no-proxy) as a {@link ProxySelector} for calls to
 * GitHub: https URLs use the https proxy (else the http one), hosts in no_proxy (exact names,
 * {@code .suffix} or {@code suffix} domains, or {@code *}) go direct.
 */
public final class HttpProxySelector extends ProxySelector {
    private final Proxy http;
    private final Proxy https;
    private final List<String> noProxy;

    private HttpProxySelector(Proxy http, Proxy https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** The selector, or null when neither proxy is set. */
    public static ProxySelector of(String httpUrl, String httpsUrl, String noProxyList) {
        if (httpUrl == null && httpsUrl == null) {
            return null;
        }
        Proxy http = proxy(httpUrl);
        Proxy https = httpsUrl != null ? proxy(httpsUrl) : http;
        List<String> noProxy = noProxyList == null ? List.of()
                : Arrays.stream(noProxyList.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).toList();
        return new HttpProxySelector(http == null ? Proxy.NO_PROXY : http, https == null ? Proxy.NO_PROXY : https, noProxy);
    }

    private static Proxy proxy(String url) {
        if (url == null) {
            return null;
        }
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (entry.equals("*") || host.equals(domain) || host.endsWith("." + domain)) {
                return List.of(Proxy.NO_PROXY);
            }
        }
        return List.of("https".equalsIgnoreCase(uri.getScheme()) ? https : http);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException error) {
        // nothing to remember: the next call tries the same proxy
    }
}
