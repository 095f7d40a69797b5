package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.github.GitHubPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which job URLs an application may serve. */
class JobUrlTest {
    private static final JobUrl.Rules REPO = new JobUrl.Rules("https://api.github.com", GitHubPath.repository("Octo", "Repo"));
    private static final JobUrl.Rules ORG = new JobUrl.Rules(null, GitHubPath.organisation("octo-org", "default"));
    private static final JobUrl.Rules GHES = new JobUrl.Rules("https://ghe.example.com/api/v3/",
            GitHubPath.organisation("corp", "default"));

    @Test
    void jobsOfTheConfiguredRepositoryOrOrganisationAreAccepted() throws Exception {
        assertEquals(new JobUrl("octo", "repo", 42, "https://api.github.com/repos/octo/repo/actions/jobs/42"),
                REPO.parse("https://api.github.com/repos/octo/repo/actions/jobs/42"));
        assertEquals(7, ORG.parse("https://API.GITHUB.COM:443/repos/octo-org/any-repo/actions/jobs/7").jobId());
        assertEquals(9, GHES.parse("https://ghe.example.com/api/v3/repos/corp/tools/actions/jobs/9").jobId());
        assertEquals("api.github.com", REPO.apiHost());
        assertEquals("ghe.example.com", GHES.apiHost());
        assertEquals("127.0.0.1:8080", new JobUrl.Rules("http://127.0.0.1:8080", GitHubPath.repository("o", "r")).apiHost());
    }

    @Test
    void everythingElseIsRefusedWithTheReason() {
        String[][] cases = {
                {"https://api.github.com/repos/octo/other/actions/jobs/1", "outside the configured repository Octo/Repo"},
                {"https://api.github.com/repos/evil/repo/actions/jobs/1", "outside the configured repository"},
                {"https://api.github.com.evil.example/repos/octo/repo/actions/jobs/1", "not on the configured GitHub API"},
                {"http://api.github.com/repos/octo/repo/actions/jobs/1", "not on the configured GitHub API"},
                {"https://api.github.com:8443/repos/octo/repo/actions/jobs/1", "not on the configured GitHub API"},
                {"https://user:pw@api.github.com/repos/octo/repo/actions/jobs/1", "user info, a query or a fragment"},
                {"https://api.github.com/repos/octo/repo/actions/jobs/1?x=1", "user info, a query or a fragment"},
                {"https://api.github.com/repos/octo/repo/actions/jobs/1/../../../../orgs/x", "not a workflow job URL"},
                {"https://api.github.com/repos/octo/../actions/jobs/1", "not a workflow job URL"},
                {"https://api.github.com/repos/octo/repo/actions/jobs/0", "not a workflow job URL"},
                {"https://api.github.com/repos/octo/repo/actions/jobs/99999999999999999999", "not a workflow job URL"},
                {"https://api.github.com/repos/octo/re%2Fpo/actions/jobs/1", "not a workflow job URL"},
                {"not a url at all", "url is not a URL"},
                {"https://ghe.example.com/repos/corp/tools/actions/jobs/9", "not under the configured API path"},
        };
        for (String[] c : cases) {
            var error = assertThrows(KombuMessage.MalformedMessage.class,
                    () -> (c[0].contains("ghe.") ? GHES : REPO).parse(c[0]), c[0]);
            assertTrue(error.getMessage().contains(c[1]), c[0] + ": " + error.getMessage());
        }
    }

    @Test
    void labelsAreComparedIgnoringCaseWithTheDefaultsAndTheArchitecture() {
        LabelPolicy policy = new LabelPolicy(List.of("Large", "jammy"), "x64");
        assertEquals(List.of(), policy.foreign(List.of("self-hosted", "Linux", "X64", "large", "JAMMY")));
        assertEquals(List.of("arm64", "GPU"), policy.foreign(List.of("large", "arm64", "GPU")));
        assertEquals("x64", ConsumerConfig.architectureLabel(List.of("large", "X64"), "aarch64"));
        assertEquals("arm64", ConsumerConfig.architectureLabel(List.of("large"), "aarch64"));
        assertEquals("x64", ConsumerConfig.architectureLabel(List.of(), "amd64"));
    }
}
