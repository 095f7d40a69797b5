package githubrunner.github;

import java.util.regex.Pattern;

/** Where the runners are registered: one repository, or an organisation's runner group. */
public sealed interface GitHubScope {
    /** Owner, organisation and repository names as GitHub allows them; nothing that could bend a URL path. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /** {@code /repos/{owner}/{repo}} or {@code /orgs/{org}}. */
    String basePath();

    static GitHubScope of(GitHubPath path) {
        return path.isOrganisation()
                ? new Organisation(path.org(), path.group())
                : new Repository(path.owner(), path.repo());
    }

    static String checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid GitHub " + what + " name: " + name);
        }
        return name;
    }

    /** Repository runners; they all go to the default runner group, id 1. */
    record Repository(String owner, String repo) implements GitHubScope {
        public static final long DEFAULT_GROUP_ID = 1;

        public Repository {
            checkName(owner, "owner");
            checkName(repo, "repository");
        }

        @Override
        public String basePath() {
            return "/repos/" + owner + "/" + repo;
        }

        @Override
        public String toString() {
            return owner + "/" + repo;
        }
    }

    /** Organisation runners in the runner group named {@code group} (its id is looked up once). */
    record Organisation(String org, String group) implements GitHubScope {
        public Organisation {
            checkName(org, "organisation");
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("an organisation scope needs a runner group name");
            }
        }

        @Override
        public String basePath() {
            return "/orgs/" + org;
        }

        @Override
        public String toString() {
            return org + " (runner group " + group + ")";
        }
    }
}
