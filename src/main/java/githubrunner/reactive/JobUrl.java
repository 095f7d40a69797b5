package githubrunner.reactive;

import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubScope;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's REST URL from a message, accepted only on the configured GitHub API (scheme, host, port
 * and path prefix, e.g. {@code https://ghe.example.com/api/v3}) and inside the configured
 * repository or organisation: a message for another organisation's repository never gets a runner,
 * and the job is only ever looked up through the configured client, never at the message's URL.
 */
public record JobUrl(String owner, String repo, long jobId, String url) {
    private static final Pattern JOB_PATH = Pattern.compile("/repos/([^/]+)/([^/]+)/actions/jobs/([1-9][0-9]{0,18})");

    /** Checks jobs against one API and one repository or organisation. */
    public static final class Rules {
        private final URI api;
        private final String apiPath;
        private final GitHubPath path;

        /**
         * @param apiUrl the configured REST API base (blank: https://api.github.com)
         * @param path the configured repository or organisation
         */
        public Rules(String apiUrl, GitHubPath path) {
            String base = apiUrl == null || apiUrl.isBlank() ? "https://api.github.com" : apiUrl.strip();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            this.api = URI.create(base);
            this.apiPath = api.getRawPath() == null ? "" : api.getRawPath();
            this.path = path;
        }

        /** The API host, part of every {@link JobKey}. */
        public String apiHost() {
            return api.getHost().toLowerCase(Locale.ROOT) + (port(api) == defaultPort(api) ? "" : ":" + port(api));
        }

        /** The job, or why the URL is not one this application may serve. */
        public JobUrl parse(String url) throws KombuMessage.MalformedMessage {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new KombuMessage.MalformedMessage("url is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new KombuMessage.MalformedMessage("url " + Printable.of(url) + " has user info, a query or a fragment");
            }
            if (!uri.getScheme().equalsIgnoreCase(api.getScheme()) || !uri.getHost().equalsIgnoreCase(api.getHost())
                    || port(uri) != port(api)) {
                throw new KombuMessage.MalformedMessage("url " + Printable.of(url) + " is not on the configured GitHub API "
                        + api.getScheme() + "://" + apiHost());
            }
            String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!rawPath.startsWith(apiPath + "/")) {
                throw new KombuMessage.MalformedMessage("url " + Printable.of(url) + " is not under the configured API path");
            }
            Matcher job = JOB_PATH.matcher(rawPath.substring(apiPath.length()));
            if (!job.matches() || !GitHubScope.NAME.matcher(job.group(1)).matches()
                    || !GitHubScope.NAME.matcher(job.group(2)).matches() || job.group(2).matches("\\.+")) {
                throw new KombuMessage.MalformedMessage("url " + Printable.of(url) + " is not a workflow job URL");
            }
            String owner = job.group(1);
            String repo = job.group(2);
            boolean inside = path.isOrganisation()
                    ? owner.equalsIgnoreCase(path.org())
                    : owner.equalsIgnoreCase(path.owner()) && repo.equalsIgnoreCase(path.repo());
            if (!inside) {
                throw new KombuMessage.MalformedMessage("job of " + owner + "/" + repo + " is outside the configured "
                        + (path.isOrganisation() ? "organisation " + path.org() : "repository " + path.owner() + "/" + path.repo()));
            }
            long id;
            try {
                id = Long.parseLong(job.group(3));
            } catch (NumberFormatException e) {
                throw new KombuMessage.MalformedMessage("job id out of range");
            }
            return new JobUrl(owner, repo, id, url);
        }

        private static int port(URI uri) {
            return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri);
        }

        private static int defaultPort(URI uri) {
            return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
    }
}
