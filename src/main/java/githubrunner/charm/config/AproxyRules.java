package githubrunner.charm.config;

import java.util.ArrayList;
import java.util.List;

/** aproxy-exclude-addresses and aproxy-redirect-ports, validated as the Python charm does. */
final class AproxyRules {
    private static final String EXCLUDE = "aproxy-exclude-addresses";
    private static final String PORTS = "aproxy-redirect-ports";

    private AproxyRules() {}

    /** CIDRs or {@code first-last} address ranges; IPv6 entries pass here and are skipped when rendering. */
    static List<String> excludeAddresses(String text) throws ConfigException {
        List<String> result = new ArrayList<>();
        for (String entry : split(text)) {
            if (entry.contains("-")) {
                String[] range = range(EXCLUDE, entry);
                if (!Addresses.isIpLiteral(range[0]) || !Addresses.isIpLiteral(range[1])) {
                    throw invalid(EXCLUDE, entry, "not an IP address");
                }
            } else if (!Addresses.isNetwork(entry)) {
                throw invalid(EXCLUDE, entry, "not an IP address");
            }
            result.add(entry);
        }
        return List.copyOf(result);
    }

    /** Ports or {@code first-last} port ranges, 0..65535. */
    static List<String> redirectPorts(String text) throws ConfigException {
        List<String> result = new ArrayList<>();
        for (String entry : split(text)) {
            if (entry.contains("-")) {
                String[] range = range(PORTS, entry);
                if (!isNumber(range[0]) || !isNumber(range[1])) {
                    throw invalid(PORTS, entry, "not a number");
                }
                int start = Integer.parseInt(range[0]);
                int end = Integer.parseInt(range[1]);
                if (start > 65535 || end > 65535) {
                    throw invalid(PORTS, entry, "invalid port number");
                }
                if (start > end) {
                    throw invalid(PORTS, entry, "start is greater than end");
                }
            } else if (!isNumber(entry) || Integer.parseInt(entry) > 65535) {
                throw invalid(PORTS, entry, "port is not a number or invalid port number");
            }
            result.add(entry);
        }
        return List.copyOf(result);
    }

    private static List<String> split(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                entries.add(part.strip());
            }
        }
        return entries;
    }

    /** Python's partition("-"): the text before the first dash and after it. */
    private static String[] range(String option, String entry) throws ConfigException {
        int dash = entry.indexOf('-');
        String start = entry.substring(0, dash);
        String end = entry.substring(dash + 1);
        if (start.isEmpty()) {
            throw invalid(option, entry, "missing start in range");
        }
        if (end.isEmpty()) {
            throw invalid(option, entry, "missing end in range");
        }
        return new String[] {start.strip(), end.strip()};
    }

    private static boolean isNumber(String text) {
        return text.matches("[0-9]{1,5}");
    }

    private static ConfigException invalid(String option, String entry, String reason) {
        return ConfigException.blocked("Invalid " + option + " config, in '" + entry + "', " + reason);
    }
}
