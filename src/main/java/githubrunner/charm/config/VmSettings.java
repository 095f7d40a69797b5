package githubrunner.charm.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Options that only shape the runner VMs or the manager's logging. */
final class VmSettings {
    static final List<String> LOG_LEVELS = List.of("CRITICAL", "FATAL", "ERROR", "WARNING", "INFO", "DEBUG");
    /**
     * The script travels inside the VM's user data, which Nova caps at 65535 bytes after base64
     * (49149 bytes of text). The rest of the user data takes about 14 KiB with every option on and
     * the JIT config up to about 6 KiB: 24 KiB of script leaves room (PreJobScriptLimitTest).
     */
    static final int MAX_PRE_JOB_SCRIPT_BYTES = 24 * 1024;
    /** https://host[:port][/path], nothing a shell or JSON string could misread. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern MIRROR = Pattern.compile("https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");

    private VmSettings() {}

    static String dockerhubMirror(String text) throws ConfigException {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        // Like Python's urlsplit: the scheme is what precedes the first colon, however odd the rest.
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.find() || !scheme.group(1).equalsIgnoreCase("https")) {
            throw ConfigException.blocked("Only secured registry supported for dockerhub-mirror configuration, "
                    + "the scheme should be https");
        }
        if (!MIRROR.matcher(value).matches()) {
            throw ConfigException.blocked("Invalid dockerhub-mirror config, expected a URL such as "
                    + "https://mirror.example.com:5000");
        }
        return value;
    }

    static String otelCollectorEndpoint(String text) throws ConfigException {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = Addresses.isIpv6Literal(host.substring(1, host.length() - 1)) ? "ipv6" : "";
        }
        if (host.isEmpty() || !Addresses.isHost(host) || !Addresses.isPort(port)) {
            throw ConfigException.blocked("Invalid otel-collector-endpoint config, expected host:port");
        }
        return value;
    }

    static String logLevel(String text) throws ConfigException {
        String level = text.strip().toUpperCase(Locale.ROOT);
        if (level.isEmpty()) {
            return "INFO";
        }
        if (!LOG_LEVELS.contains(level)) {
            throw ConfigException.blocked("Invalid runner-manager-log-level config, expected one of "
                    + String.join(", ", LOG_LEVELS));
        }
        return level;
    }

    static String preJobScript(String text) throws ConfigException {
        if (text.isBlank()) {
            return null;
        }
        long bytes = TextSize.utf8Bytes(text);
        if (bytes > MAX_PRE_JOB_SCRIPT_BYTES) {
            throw ConfigException.blocked("Invalid pre-job-script config, the script is " + bytes
                    + " bytes; at most " + MAX_PRE_JOB_SCRIPT_BYTES + " fit into the VM's user data");
        }
        return text;
    }
}
