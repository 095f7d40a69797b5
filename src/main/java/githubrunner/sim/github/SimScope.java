package githubrunner.sim.github;

import java.util.Locale;

/**
 * Where runners are registered: a repository ({@code owner}/{@code repo}) or an organisation
 * ({@code org}). Names keep their canonical spelling; comparisons ignore case, as GitHub's do.
 */
record SimScope(String org, String owner, String repo) {
    static SimScope repository(String owner, String repo) {
        return new SimScope(null, owner, repo);
    }

    static SimScope organisation(String org) {
        return new SimScope(org, null, null);
    }

    boolean isOrganisation() {
        return org != null;
    }

    String key() {
        return (isOrganisation() ? "orgs/" + org : "repos/" + owner + "/" + repo).toLowerCase(Locale.ROOT);
    }

    /** Whether a runner of this scope may take a job of that repository. */
    boolean serves(String jobOwner, String jobRepo) {
        return isOrganisation()
                ? org.equalsIgnoreCase(jobOwner)
                : owner.equalsIgnoreCase(jobOwner) && repo.equalsIgnoreCase(jobRepo);
    }

    @Override
    public String toString() {
        return isOrganisation() ? org : owner + "/" + repo;
    }
}
