package githubrunner.github;

import githubrunner.common.Secret;

/** A personal access token, or a GitHub App (client id, installation id, PEM key). */
public record GitHubAuth(Secret token, String appClientId, Long appInstallationId, Secret appPrivateKey) {
    public static GitHubAuth token(Secret token) {
        return new GitHubAuth(token, null, null, null);
    }

    public static GitHubAuth app(String clientId, long installationId, Secret privateKey) {
        return new GitHubAuth(null, clientId, installationId, privateKey);
    }

    public boolean isApp() {
        return appClientId != null;
    }
}
