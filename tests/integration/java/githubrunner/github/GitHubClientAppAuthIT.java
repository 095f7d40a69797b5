package githubrunner.github;

import static githubrunner.github.EmulatedGitHub.OWNER;
import static githubrunner.github.EmulatedGitHub.REPO;
import static githubrunner.github.EmulatedGitHub.TOKEN;
import static githubrunner.github.EmulatedGitHub.newName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import githubrunner.common.Secret;
import githubrunner.sim.github.LoggedRequest;
import githubrunner.testing.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** GitHub App credentials: JWT, installation token exchange, caching and renewal, failures. */
class GitHubClientAppAuthIT {
    private static final KeyPair APP_KEYS = TestKeys.rsa();
    private static final long APP_ID = 4242;
    private static final String CLIENT_ID = "Iv1.emulated00001";
    private static final long INSTALLATION = 77;
    private static final String TOKEN_EXCHANGE = "/app/installations/77/access_tokens";

    private final EmulatedGitHub github;

    GitHubClientAppAuthIT() throws Exception {
        github = new EmulatedGitHub();
        github.emulator.registerApp(APP_ID, CLIENT_ID, APP_KEYS.getPublic())
                .addInstallation(INSTALLATION, APP_ID)
                .installationTokenLifetime(Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void theInstallationTokenIsCachedAndRenewedBeforeItExpires() throws Exception {
        GitHubClient client = appClient(CLIENT_ID, INSTALLATION, TestKeys.pkcs1Pem(APP_KEYS), Duration.ofMinutes(5));

        client.listRunners();
        client.listRunners();
        assertEquals(1, github.emulator.requestCount("POST", TOKEN_EXCHANGE));
        assertEquals(List.of("app", "installation", "installation"),
                github.emulator.requests().stream().map(LoggedRequest::caller).toList());

        github.clock.advance(Duration.ofMinutes(54)); // 6 minutes left: still good
        client.listRunners();
        assertEquals(1, github.emulator.requestCount("POST", TOKEN_EXCHANGE));

        github.clock.advance(Duration.ofMinutes(1)); // within the 5-minute margin: renewed first
        client.generateJitConfig(newName(), List.of("x64"));
        assertEquals(2, github.emulator.requestCount("POST", TOKEN_EXCHANGE));
        github.clock.advance(Duration.ofMinutes(10)); // the first token has expired by now
        client.listRunners();
        assertEquals(2, github.emulator.requestCount("POST", TOKEN_EXCHANGE));
        assertEquals(0, github.emulator.requests().stream().filter(request -> request.status() == 401).count());

        GitHubStats.CallStats exchanges = client.stats().of(CallKind.INSTALLATION_TOKEN);
        assertEquals(2, exchanges.calls());
        assertEquals(2, exchanges.requests());
    }

    @Test
    void aNumericAppIdAndAPkcs8KeyWorkToo() throws Exception {
        GitHubClient client = appClient(String.valueOf(APP_ID), INSTALLATION, TestKeys.pkcs8Pem(APP_KEYS),
                Duration.ofMinutes(5));

        assertEquals(List.of(), client.listRunners());
    }

    @Test
    void aRevokedTokenIsReplacedAndTheCallRetriedOnce() throws Exception {
        GitHubClient client = appClient(CLIENT_ID, INSTALLATION, TestKeys.pkcs1Pem(APP_KEYS), Duration.ofMinutes(5));
        client.listRunners();
        github.emulator.revokeInstallationTokens();

        assertEquals(List.of(), client.listRunners());

        assertEquals(2, github.emulator.requestCount("POST", TOKEN_EXCHANGE));
        assertEquals(List.of(200, 401, 200), github.emulator.requests().stream()
                .filter(request -> request.path().endsWith("/actions/runners")).map(LoggedRequest::status).toList());
    }

    @Test
    void aWrongKeyIsAnInvalidTokenWithoutEndlessRetries() {
        KeyPair other = TestKeys.rsa();
        String pem = TestKeys.pkcs1Pem(other);
        GitHubClient client = appClient(CLIENT_ID, INSTALLATION, pem, Duration.ofMinutes(5));

        GitHubException.InvalidToken refused = assertThrows(GitHubException.InvalidToken.class, client::listRunners);
        assertFalse(refused.getMessage().contains(pem.substring(40, 80)));
        assertThrows(GitHubException.InvalidToken.class, client::listRunners);
        assertEquals(2, github.emulator.requestCount("POST", TOKEN_EXCHANGE), "one exchange per call");
        assertEquals(0, github.emulator.requestCount("GET", ".*/actions/runners"), "nothing sent without a token");
        assertEquals(2, client.stats().of(CallKind.INSTALLATION_TOKEN).errors(GitHubException.Kind.INVALID_TOKEN));
        assertEquals(2, client.stats().of(CallKind.LIST_RUNNERS).errors(GitHubException.Kind.INVALID_TOKEN));
    }

    @Test
    void anUnknownInstallationIsNotFound() {
        GitHubClient client = appClient(CLIENT_ID, 78, TestKeys.pkcs1Pem(APP_KEYS), Duration.ofMinutes(5));

        assertThrows(GitHubException.NotFound.class, client::listRunners);
    }

    @Test
    void secretsNeverReachTheLogs() throws Exception {
        List<String> lines = new ArrayList<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logback = new ListAppender<>();
        logback.start();
        Level rootLevel = root.getLevel();
        root.addAppender(logback);
        root.setLevel(Level.TRACE);
        // A verbose java.util.logging set-up (github-api logs through it): everything at FINEST.
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        java.util.logging.Level julLevel = julRoot.getLevel();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(jul);
        julRoot.setLevel(java.util.logging.Level.FINEST);
        String pem = TestKeys.pkcs1Pem(APP_KEYS);
        List<String> configs = new ArrayList<>();
        try {
            GitHubClient app = appClient(CLIENT_ID, INSTALLATION, pem, Duration.ofMinutes(5));
            configs.add(app.generateJitConfig(newName(), List.of("x64")).encodedConfig().reveal());
            github.emulator.revokeInstallationTokens();
            app.listRunners();
            GitHubClient pat = github.repoClient();
            configs.add(pat.generateJitConfig(newName(), List.of("x64")).encodedConfig().reveal());
            assertThrows(GitHubException.InvalidToken.class, () -> github.client(
                    GitHubPath.repository(OWNER, REPO), EmulatedGitHub.pat(TOKEN + "x")).listRunners());
        } finally {
            root.detachAppender(logback);
            root.setLevel(rootLevel);
            julRoot.removeHandler(jul);
            julRoot.setLevel(julLevel);
        }
        // Threads of the HTTP clients may still be logging: read copies, not the lists they append to.
        List<String> logged;
        synchronized (lines) {
            logged = new ArrayList<>(lines);
        }
        List<ILoggingEvent> events;
        synchronized (logback) {
            events = new ArrayList<>(logback.list);
        }
        events.forEach(event -> logged.add(event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())));

        assertTrue(logged.stream().anyMatch(line -> line.contains("installation token")), "something was logged");
        List<String> secrets = new ArrayList<>(configs);
        secrets.add(TOKEN);
        secrets.add("ghs_"); // every installation token the emulator issues starts so
        secrets.add(pem.substring(40, 80));
        for (String line : logged) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line holds a secret: " + line);
            }
        }
    }

    private GitHubClient appClient(String appId, long installation, String pem, Duration margin) {
        return github.client(GitHubPath.repository(OWNER, REPO),
                GitHubAuth.app(appId, installation, Secret.of(pem)),
                github.options().withTokenRefreshMargin(margin), EmulatedGitHub.PREFIX);
    }
}
