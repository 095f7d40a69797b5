package githubrunner.cloud.openstack;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ProxyHost;

/**
 * The openstack4j {@link Config} (timeouts, and the proxy if any) for each URL the client calls.
 * openstack4j takes one proxy per Config and has no no_proxy list, so the choice is made here,
 * per scheme, host and port, by the {@link ProxySelector} (the model's proxy settings): Keystone,
 * Nova and Neutron may each be behind the proxy or not.
 */
final class ProxyRoutes {
    private final OpenStackOptions options;
    private final ProxySelector selector;
    private final Config direct;
    private final Map<String, Config> byOrigin = new ConcurrentHashMap<>();

    ProxyRoutes(OpenStackOptions options) {
        this.options = options;
        this.selector = options.proxy();
        this.direct = newConfig();
    }

    /** The Config for calls to this URL; the direct one when no proxy applies or the URL is unusable. */
    Config forUrl(String url) {
        if (selector == null || url == null) {
            return direct;
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return direct;
        }
        if (uri.getHost() == null) {
            return direct;
        }
        String origin = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        return byOrigin.computeIfAbsent(origin, o -> choose(uri));
    }

    private Config choose(URI uri) {
        List<Proxy> proxies = selector.select(uri);
        Proxy proxy = proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
        if (proxy.type() != Proxy.Type.HTTP || !(proxy.address() instanceof InetSocketAddress address)) {
            return direct; // DIRECT (no_proxy), or SOCKS, which the okhttp connector cannot be given
        }
        return newConfig().withProxy(ProxyHost.of(address.getHostString(), address.getPort()));
    }

    private Config newConfig() {
        return Config.newConfig()
                .withConnectionTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
                .withReadTimeout(Math.toIntExact(options.readTimeout().toMillis()));
    }
}
