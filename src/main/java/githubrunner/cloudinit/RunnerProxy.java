package githubrunner.cloudinit;


import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxy runner VMs use (runner-http-proxy, else the model's proxy), parsed strictly:
 * {@code http[s]://[user[:password]@]host[:port][/]}, credentials percent-encoded. Anything else,
 * such as a {@code ;} or a quote, is rejected. Messages never repeat a URL: it may hold credentials.
 *
 * @param http the URL for plain HTTP, or null
 * @param https the URL for HTTPS, or null
 * @param noProxy comma-separated hosts and networks that bypass the proxy, or null
 * @param host the host of the proxy aproxy and tmate go through (the HTTP one, else the HTTPS one)
 * @param port its port
 */
record RunnerProxy(String http, String https, String noProxy, String host, int port) {
    private static final Pattern URL = Pattern.compile(
            "(https?)://(?:[A-Za-z0-9._~%-]+(?::[A-Za-z0-9._~%-]*)?@)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?/?");
    private static final Pattern NO_PROXY_ENTRY = Pattern.compile("[A-Za-z0-9.:/*\\[\\]_-]+");

    /** The runner proxy, or empty when none is set. */
    static Optional<RunnerProxy> of(ProxyUrls proxy) throws UserDataException {
        if (proxy == null || !proxy.isSet()) {
            return Optional.empty();
        }
        String http = url("runner proxy (http)", proxy.http());
        String https = url("runner proxy (https)", proxy.https());
        var matcher = URL.matcher(http != null ? http : https);
        matcher.matches();
        String host = matcher.group(2);
        String portText = matcher.group(3);
        int port = portText != null ? Checks.port("runner proxy port", portText) : "https".equals(matcher.group(1)) ? 443 : 80;
        return Optional.of(new RunnerProxy(http, https, noProxy(proxy.noProxy()), host, port));
    }

    /** {@code host:port}, as aproxy takes it. */
    String address() {
        return host + ":" + port;
    }

    /** True when the host is an IPv4 literal (no name to resolve in the VM). */
    boolean hostIsIpv4() {
        return Ipv4.isAddress(host);
    }

    boolean hostIsIpv6() {
        return host.startsWith("[");
    }

    private static String url(String setting, String text) throws UserDataException {
        if (text == null || text.isBlank()) {
            return null;
        }
        String url = text.strip();
        var matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new UserDataException("Invalid " + setting + ": expected a URL such as http://proxy.example.com:3128");
        }
        String host = matcher.group(2);
        if (host.startsWith("[")) {
            if (!Checks.isIpv6Literal(host.substring(1, host.length() - 1))) {
                throw new UserDataException("Invalid " + setting + ": the host is not an IPv6 address");
            }
        } else {
            Checks.host(setting + " host", host);
        }
        if (matcher.group(3) != null) {
            Checks.port(setting + " port", matcher.group(3));
        }
        return url;
    }

    private static String noProxy(String text) throws UserDataException {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (!NO_PROXY_ENTRY.matcher(entry).matches()) {
                throw new UserDataException("Invalid no-proxy entry '" + Checks.printable(entry)
                        + "': expected host names, addresses or networks");
            }
            entries.add(entry);
        }
        return entries.isEmpty() ? null : String.join(",", entries);
    }

    @Override
    public String toString() {
        return "RunnerProxy[" + address() + "]";
    }
}
