package githubrunner.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubClientConfigTest {
    private static final String TOKEN = "ghp_configtest_secret_value";
    private static final GitHubAuth PAT = GitHubAuth.token(Secret.of(TOKEN));
    private static final GitHubPath REPO = GitHubPath.repository("canonical", "repo");

    @Test
    void labelsAreSentOnceEachFirstSpellingKept() {
        assertEquals(List.of("self-hosted", "Linux", "x64", "large"),
                GitHubClient.uniqueLabels(List.of("self-hosted", "Linux", "x64", "linux", "X64", " large ", "large")));
        assertThrows(IllegalArgumentException.class, () -> GitHubClient.uniqueLabels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> GitHubClient.uniqueLabels(List.of("a", " ")));
    }

    @Test
    void scopesComeFromThePath() {
        GitHubScope repo = GitHubScope.of(REPO);
        assertEquals("/repos/canonical/repo", repo.basePath());
        GitHubScope org = GitHubScope.of(GitHubPath.organisation("canonical", "large-runners"));
        assertEquals("/orgs/canonical", org.basePath());
        assertEquals("large-runners", ((GitHubScope.Organisation) org).group());
    }

    @Test
    void namesThatCouldBendAPathAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> GitHubScope.of(GitHubPath.repository("canonical", "../admin")));
        assertThrows(IllegalArgumentException.class,
                () -> GitHubScope.of(GitHubPath.repository("a?b", "repo")));
        assertThrows(IllegalArgumentException.class,
                () -> GitHubScope.of(GitHubPath.repository("..", "repo")));
        assertThrows(IllegalArgumentException.class,
                () -> GitHubScope.of(GitHubPath.organisation("canonical", " ")));
    }

    @Test
    void aClientNeedsUsableSettings() {
        assertThrows(IllegalArgumentException.class, () -> create("ftp://example.com", PAT, "unit-0"));
        assertThrows(IllegalArgumentException.class, () -> create("https://example.com?x=1", PAT, "unit-0"));
        assertThrows(IllegalArgumentException.class, () -> create("https://api.github.com",
                GitHubAuth.token(Secret.of("")), "unit-0"));
        assertThrows(IllegalArgumentException.class, () -> create("https://api.github.com", PAT, ""));
        assertThrows(IllegalArgumentException.class, () -> create("https://api.github.com", PAT, "x".repeat(60)));
        assertThrows(IllegalArgumentException.class, () -> create("https://api.github.com",
                GitHubAuth.app("Iv1.abc", 1, Secret.of("not a key")), "unit-0"));
    }

    @Test
    void aUrlWithAPasswordIsNotEchoed() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> create("https://user:hunter2@example.com?q", PAT, "unit-0"));
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    @Test
    void theClientDescribesItselfWithoutItsToken() {
        GitHubClient client = create("https://ghes.example.com/api/v3/", PAT, "unit-0");

        assertEquals("unit-0", client.prefix());
        assertFalse(client.toString().contains(TOKEN));
        assertTrue(client.toString().contains("canonical/repo"));
    }

    @Test
    void jitNamesMustBeOurs() {
        GitHubClient client = create("https://api.github.com", PAT, "unit-0");

        assertThrows(IllegalArgumentException.class,
                () -> client.generateJitConfig("unit-1-0123456789ab", List.of("x64")));
        assertThrows(IllegalArgumentException.class, () -> client.getRunner(0));
    }

    private static GitHubClient create(String url, GitHubAuth auth, String prefix) {
        return GitHubClient.create(new GitHubTarget(url, REPO, auth), prefix, GitHubClientOptions.defaults());
    }
}
