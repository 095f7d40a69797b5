package githubrunner.github;

/**
 * Where and as whom the client talks to GitHub.
 *
 * @param apiUrl REST API base URL without trailing slash, e.g. https://api.github.com
 */
public record GitHubTarget(String apiUrl, GitHubPath path, GitHubAuth auth) {}
