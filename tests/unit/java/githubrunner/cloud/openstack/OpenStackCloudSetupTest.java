package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import githubrunner.common.Secret;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenStackCloudSetupTest {
    private static OpenStackTarget config(String authUrl, String region) {
        return new OpenStackTarget(authUrl, "user", Secret.of("pw"), "project", "Default", "Default", region,
                "net", "flavor");
    }

    @Test
    void keystoneUrlsAreNormalisedToTheV3Base() {
        assertEquals("https://k:5000/v3", KeystoneSession.v3("https://k:5000/v3"));
        assertEquals("https://k:5000/v3", KeystoneSession.v3("https://k:5000/v3/"));
        assertEquals("https://k:5000/v3", KeystoneSession.v3("https://k:5000"));
        assertEquals("http://k/identity/v3", KeystoneSession.v3(" http://k/identity/ "));
    }

    @Test
    void namesAreQuotedForNovasRegexFilter() {
        assertEquals("github-runner-0", ServerLister.regexQuote("github-runner-0"));
        assertEquals("a\\.b\\+c\\$", ServerLister.regexQuote("a.b+c$"));
    }

    @Test
    void buildingTheClientMakesNoCallAndChecksItsSettings() {
        new OpenStackCloud(config("http://127.0.0.1:1/v3", "R"), "u-0", Path.of("/nonexistent"));
        assertThrows(IllegalArgumentException.class, () -> new OpenStackCloud(config("", "R"), "u-0", Path.of("k")));
        assertThrows(IllegalArgumentException.class, () -> new OpenStackCloud(config("http://k", ""), "u-0", Path.of("k")));
        assertThrows(IllegalArgumentException.class, () -> new OpenStackCloud(config("http://k", "R"), " ", Path.of("k")));
        assertThrows(IllegalArgumentException.class,
                () -> OpenStackOptions.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void callCountersAddUp() {
        CallStats stats = new CallStats();
        stats.called("servers.list");
        stats.called("servers.list");
        stats.failed("servers.list", ErrorKind.TIMEOUT);
        stats.retried("servers.list");
        var list = stats.snapshot().get("servers.list");
        assertEquals(2, list.calls());
        assertEquals(1, list.retries());
        assertEquals(1, list.errorCount());
        assertEquals(2, stats.totalCalls());
        assertEquals(0, stats.calls("never"));
    }
}
