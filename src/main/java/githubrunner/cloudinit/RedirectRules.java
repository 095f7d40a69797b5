package githubrunner.cloudinit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * What nftables hands to aproxy: the TCP ports (aproxy-redirect-ports) and the IPv4 destinations
 * left alone (loopback plus aproxy-exclude-addresses). Entries are validated again, ranges are
 * checked for order, ports are merged so the nft set holds no overlap, and IPv6 entries are set
 * aside: aproxy and its nft table handle IPv4 only.
 *
 * @param ports nft set elements, e.g. {@code 80, 443, 8000-8100}; empty when there are none
 * @param exclusions nft set elements, loopback first
 * @param skippedIpv6 IPv6 exclusions that were left out
 */
record RedirectRules(String ports, String exclusions, List<String> skippedIpv6) {
    static final String LOOPBACK = "127.0.0.0/8";

    static RedirectRules of(List<String> redirectPorts, List<String> excludeAddresses) throws UserDataException {
        List<String> ipv4 = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        ipv4.add(LOOPBACK);
        for (String entry : excludeAddresses) {
            String address = entry.strip();
            if (address.contains(":")) {
                ipv6.add(ipv6Entry(address));
            } else {
                ipv4.add(ipv4Entry(address));
            }
        }
        return new RedirectRules(ports(redirectPorts),
                String.join(", ", new LinkedHashSet<>(ipv4)), List.copyOf(new LinkedHashSet<>(ipv6)));
    }

    boolean hasPorts() {
        return !ports.isEmpty();
    }

    private record PortRange(int first, int last) {
        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    private static String ports(List<String> entries) throws UserDataException {
        List<PortRange> ranges = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.strip();
            int dash = text.indexOf('-');
            int first = port(text, dash < 0 ? text : text.substring(0, dash));
            int last = dash < 0 ? first : port(text, text.substring(dash + 1));
            if (first > last) {
                throw invalidPort(text, "the range starts after it ends");
            }
            ranges.add(new PortRange(first, last));
        }
        ranges.sort(Comparator.comparingInt(PortRange::first));
        List<PortRange> merged = new ArrayList<>();
        for (PortRange range : ranges) {
            PortRange previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && range.first() <= previous.last() + 1) {
                merged.set(merged.size() - 1, new PortRange(previous.first(), Math.max(previous.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return String.join(", ", merged.stream().map(PortRange::toString).toList());
    }

    private static int port(String entry, String text) throws UserDataException {
        String number = text.strip();
        if (!number.matches("[0-9]{1,5}") || Integer.parseInt(number) > 65535) {
            throw invalidPort(entry, "not a port number");
        }
        return Integer.parseInt(number);
    }

    private static UserDataException invalidPort(String entry, String reason) {
        return new UserDataException("Invalid aproxy-redirect-ports entry '" + Checks.printable(entry) + "': " + reason);
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/n} (host bits cleared) or {@code first-last}. */
    private static String ipv4Entry(String entry) throws UserDataException {
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            long first = address(entry, entry.substring(0, dash));
            long last = address(entry, entry.substring(dash + 1));
            if (first > last) {
                throw invalidAddress(entry, "the range starts after it ends");
            }
            return Ipv4.format(first) + "-" + Ipv4.format(last);
        }
        int slash = entry.indexOf('/');
        if (slash < 0) {
            return Ipv4.format(address(entry, entry));
        }
        long address = address(entry, entry.substring(0, slash));
        String prefixText = entry.substring(slash + 1);
        if (!prefixText.matches("[0-9]{1,2}") || Integer.parseInt(prefixText) > 32) {
            throw invalidAddress(entry, "the prefix length is not between 0 and 32");
        }
        int prefix = Integer.parseInt(prefixText);
        return Ipv4.format(Ipv4.network(address, prefix)) + "/" + prefix;
    }

    private static long address(String entry, String text) throws UserDataException {
        OptionalLong address = Ipv4.parse(text.strip());
        if (address.isEmpty()) {
            throw invalidAddress(entry, "not an IP address");
        }
        return address.getAsLong();
    }

    /** Validated although it is skipped, so the warning quotes only an address. */
    private static String ipv6Entry(String entry) throws UserDataException {
        String[] parts = entry.split("[-/]", -1);
        boolean valid = parts.length <= 2 && Checks.isIpv6Literal(parts[0])
                && (parts.length == 1 || (entry.contains("/") ? parts[1].matches("[0-9]{1,3}") : Checks.isIpv6Literal(parts[1])));
        if (!valid) {
            throw invalidAddress(entry, "not an IP address");
        }
        return entry;
    }

    private static UserDataException invalidAddress(String entry, String reason) {
        return new UserDataException("Invalid aproxy-exclude-addresses entry '" + Checks.printable(entry) + "': " + reason);
    }
}
