package githubrunner.cloudinit;

import com.google.common.net.InetAddresses;
import java.util.regex.Pattern;

/**
 * The renderer's own checks of values that reach a VM's scripts. The charm validates the same
 * settings, but the renderer is a trust boundary too: what passes here is safe as a shell word,
 * in a .env line, in JSON and in YAML. Messages name the setting; they repeat a value only when
 * it cannot be a secret.
 */
final class Checks {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** The charm's label rule ({@code [\w-]+}, Unicode-aware like Python's). */
    private static final Pattern LABEL = Pattern.compile("[\\w-]+", Pattern.UNICODE_CHARACTER_CLASS);
    /** https://host[:port][/path], nothing a shell, JSON or .env line could misread. */
    private static final Pattern MIRROR = Pattern.compile("https://([A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");
    /** SSH host key fingerprints as tmate prints them, e.g. SHA256:pj6j...Jo. */
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9+/=:._-]{1,200}");
    /** GitHub's encoded_jit_config is base64; URL-safe base64 is accepted too. */
    private static final Pattern JIT_CONFIG = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

    private Checks() {}

    static boolean isHostname(String text) {
        return HOSTNAME.matcher(text).matches();
    }

    /** A host name or an IPv4 address. */
    static String host(String setting, String text) throws UserDataException {
        if (text == null || !(isHostname(text) || Ipv4.isAddress(text))) {
            throw new UserDataException("Invalid " + setting + ": expected a host name or an IPv4 address");
        }
        return text;
    }

    static int port(String setting, String text) throws UserDataException {
        if (text == null || !text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new UserDataException("Invalid " + setting + ": expected a port number between 1 and 65535");
        }
        return Integer.parseInt(text);
    }

    static int port(String setting, int port) throws UserDataException {
        return port(setting, Integer.toString(port));
    }

    static boolean isIpv6Literal(String text) {
        return text.contains(":") && InetAddresses.isInetAddress(text);
    }

    static String label(String label) throws UserDataException {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new UserDataException("Invalid runner label '" + printable(label)
                    + "': labels may only hold letters, digits, '_' and '-'");
        }
        return label;
    }

    static String dockerhubMirror(String url) throws UserDataException {
        if (url == null || !MIRROR.matcher(url).matches()) {
            throw new UserDataException("Invalid dockerhub-mirror: expected a URL such as https://mirror.example.com:5000");
        }
        var matcher = MIRROR.matcher(url);
        matcher.matches();
        host("dockerhub-mirror host", matcher.group(1));
        if (matcher.group(2) != null) {
            port("dockerhub-mirror port", matcher.group(2).substring(1));
        }
        return url;
    }

    /** {@code host:port}, the host a name, an IPv4 address or a bracketed IPv6 address. */
    static String otelEndpoint(String endpoint) throws UserDataException {
        String setting = "otel-collector-endpoint";
        int colon = endpoint.lastIndexOf(':');
        if (colon < 1) {
            throw new UserDataException("Invalid " + setting + ": expected host:port");
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            if (!isIpv6Literal(host.substring(1, host.length() - 1))) {
                throw new UserDataException("Invalid " + setting + ": expected host:port");
            }
        } else {
            host(setting + " host", host);
        }
        port(setting + " port", endpoint.substring(colon + 1));
        return endpoint;
    }

    static String fingerprint(String setting, String text) throws UserDataException {
        if (text == null || !FINGERPRINT.matcher(text).matches()) {
            throw new UserDataException("Invalid " + setting + ": expected an SSH key fingerprint such as SHA256:...");
        }
        return text;
    }

    /** Never repeats the value: it is a credential. */
    static String jitConfig(String text) throws UserDataException {
        if (text.isEmpty() || !JIT_CONFIG.matcher(text).matches()) {
            throw new UserDataException("Invalid JIT config: expected GitHub's base64 encoded_jit_config");
        }
        return text;
    }

    /** The operator's pre-job script: any text a shell script can be, which excludes NUL. */
    static String preJobScript(String script) throws UserDataException {
        if (script.indexOf('\0') >= 0) {
            throw new UserDataException("Invalid pre-job-script: it contains a NUL character");
        }
        return script;
    }

    /** For messages: control characters shown as '?', so a hostile value cannot forge log lines. */
    static String printable(String text) {
        return text == null ? "null" : text.replaceAll("\\p{Cntrl}", "?");
    }
}
