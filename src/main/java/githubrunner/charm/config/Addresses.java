package githubrunner.charm.config;

import com.google.common.net.InetAddresses;
import java.util.regex.Pattern;

/** Host, IP and port checks that never touch DNS. */
final class Addresses {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private Addresses() {}

    static boolean isIpLiteral(String text) {
        return InetAddresses.isInetAddress(text);
    }

    static boolean isIpv6Literal(String text) {
        return isIpLiteral(text) && text.contains(":");
    }

    static boolean isHost(String text) {
        return isIpLiteral(text) || HOSTNAME.matcher(text).matches();
    }

    /** A CIDR ({@code 10.0.0.0/8}, host bits allowed) or a bare address, IPv4 or IPv6. */
    static boolean isNetwork(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isIpLiteral(address)) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,3}")) {
            return false;
        }
        return Integer.parseInt(prefix) <= (address.contains(":") ? 128 : 32);
    }

    /** A TCP/UDP port, 1..65535. */
    static boolean isPort(String text) {
        return text.matches("[0-9]{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return isIpLiteral(bare) && InetAddresses.forString(bare).isLoopbackAddress();
    }
}
