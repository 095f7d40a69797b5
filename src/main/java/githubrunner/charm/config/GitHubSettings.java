package githubrunner.charm.config;

import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig.GitHub;
import githubrunner.contract.ManagerConfig.GitHubAuth;
import githubrunner.contract.ManagerConfig.GitHubPath;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** path, group, token / token-secret-id / GitHub App options and github-api-url. */
final class GitHubSettings {
    static final String DEFAULT_API_URL = "https://api.github.com";
    private static final String PREFIX = "Invalid Github config, ";
    /** Owner, organisation and repository names; they end up in API URLs, so nothing else passes. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern APP_CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private GitHubSettings() {}

    static GitHub parse(RawConfig config, SecretReader secrets) throws ConfigException {
        String apiUrl = apiUrl(config.string("github-api-url"));
        try {
            GitHubPath path = path(config.string("path"), config.string("group"));
            return new GitHub(apiUrl, path, auth(config, secrets));
        } catch (ConfigException e) {
            throw ConfigException.blocked(PREFIX + e.getMessage());
        }
    }

    static GitHubPath path(String path, String group) throws ConfigException {
        if (path.isEmpty()) {
            throw ConfigException.blocked("Missing path configuration");
        }
        if (path.contains("/")) {
            String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
            if (segments.length != 2 || !isName(segments[0]) || !isName(segments[1])) {
                throw ConfigException.blocked("Invalid path configuration " + path);
            }
            return GitHubPath.repository(segments[0], segments[1]);
        }
        if (!isName(path)) {
            throw ConfigException.blocked("Invalid path configuration " + path);
        }
        if (group.isBlank()) {
            throw ConfigException.blocked("the group option is empty; set it to the organisation's runner group"
                    + " (\"default\" for the default group)");
        }
        return GitHubPath.organisation(path, group);
    }

    private static boolean isName(String segment) {
        return NAME.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }

    private static GitHubAuth auth(RawConfig config, SecretReader secrets) throws ConfigException {
        boolean anyToken = config.isSet("token") || config.isSet("token-secret-id");
        boolean anyApp = config.isSet("github-app-client-id") || config.isSet("github-app-installation-id")
                || config.isSet("github-app-private-key-secret-id");
        if (anyToken && anyApp) {
            throw ConfigException.blocked("Configure either token or GitHub App authentication, not both");
        }
        if (anyApp) {
            return appAuth(config, secrets);
        }
        String tokenSecretId = config.string("token-secret-id");
        if (!tokenSecretId.isEmpty()) {
            return GitHubAuth.token(token(secrets.read("GitHub token", tokenSecretId, "github-token"),
                    "GitHub token secret " + tokenSecretId));
        }
        if (config.isSet("token")) {
            return GitHubAuth.token(token(config.string("token"), "token"));
        }
        throw ConfigException.blocked("Missing token, token-secret-id or GitHub App authentication configuration");
    }

    private static GitHubAuth appAuth(RawConfig config, SecretReader secrets) throws ConfigException {
        if (!config.isSet("github-app-client-id") || !config.isSet("github-app-installation-id")
                || !config.isSet("github-app-private-key-secret-id")) {
            throw ConfigException.blocked("GitHub App authentication requires github-app-client-id, "
                    + "github-app-installation-id and github-app-private-key-secret-id");
        }
        String clientId = config.string("github-app-client-id").strip();
        if (!APP_CLIENT_ID.matcher(clientId).matches()) {
            throw ConfigException.blocked("github-app-client-id must be the App's client id (e.g. Iv23li...) or numeric app id");
        }
        long installationId = config.integer("github-app-installation-id", 0, 1, Long.MAX_VALUE);
        String keySecretId = config.string("github-app-private-key-secret-id");
        String key = secrets.read("GitHub App private key", keySecretId, "private-key").strip();
        if (!key.startsWith("-----BEGIN ") || !key.contains("PRIVATE KEY-----")) {
            throw ConfigException.blocked("GitHub App private key secret " + keySecretId
                    + " does not hold a PEM private key");
        }
        return GitHubAuth.app(clientId, installationId, Secret.of(key + "\n"));
    }

    /** Trims the token (secrets made from files end with a newline) and rejects inner whitespace. */
    private static Secret token(String raw, String source) throws ConfigException {
        String token = raw.strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw ConfigException.blocked(source + " is not a valid token (empty, or contains whitespace)");
        }
        return Secret.of(token);
    }

    static String apiUrl(String configured) throws ConfigException {
        if (configured.isBlank()) {
            return DEFAULT_API_URL;
        }
        String message = "Invalid github-api-url config, expected an https:// URL (http:// only for a loopback address)";
        URI uri;
        try {
            uri = new URI(configured.strip());
        } catch (URISyntaxException e) {
            throw ConfigException.blocked(message);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean secure = scheme.equals("https");
        boolean loopbackHttp = scheme.equals("http") && uri.getHost() != null && Addresses.isLoopback(uri.getHost());
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(secure || loopbackHttp)) {
            throw ConfigException.blocked(message);
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
