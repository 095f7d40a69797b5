package githubrunner.github;

/** Repository ({@code owner}, {@code repo}) or organisation ({@code org}, runner {@code group}). */
public record GitHubPath(String org, String group, String owner, String repo) {
    public static GitHubPath organisation(String org, String group) {
        return new GitHubPath(org, group, null, null);
    }

    public static GitHubPath repository(String owner, String repo) {
        return new GitHubPath(null, null, owner, repo);
    }

    public boolean isOrganisation() {
        return org != null;
    }

    @Override
    public String toString() {
        return isOrganisation() ? org + " (group " + group + ")" : owner + "/" + repo;
    }
}
