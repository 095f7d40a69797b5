package githubrunner.charm.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.HostCommands;
import githubrunner.charm.UnitIdentity;
import githubrunner.charm.service.RouterService;
import githubrunner.common.HostPaths;
import githubrunner.juju.FakeJujuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redeliver-failed-webhooks runs the router's redelivery command with the router's config file, nothing secret on argv. */
class RedeliverWebhooksActionTest {
    @TempDir Path root;
    FakeJujuBackend juju;
    List<List<String>> calls;
    CharmContext context;
    String output;

    @BeforeEach
    void setUp() {
        juju = new FakeJujuBackend();
        calls = new ArrayList<>();
        output = "";
        context = new CharmContext(juju, Map.of(), UnitIdentity.parse("github-runner/0"), root.resolve("charm"),
                HostPaths.under(root), new HostCommands() {
                    @Override
                    public Result run(List<String> command) {
                        calls.add(command);
                        return new Result(0, output);
                    }
                });
        juju.actionParams.putAll(Map.of("since", 3600, "github-path", "my-org/my-repo", "webhook-id", 42));
    }

    @Test
    void runsTheRedeliveryPassAndReportsItsCounts() throws Exception {
        Path config = new RouterService(context).configFile();
        Files.createDirectories(config.getParent());
        Files.writeString(config, "version: 1\n");
        output = "2026-12-01T00:00:00Z INFO [main] RedeliveryPass - my-org/my-repo hook 42: ...\n"
                + "{\"redelivered\":3,\"failed\":4,\"already-enqueued\":1,\"errors\":0}";
        new RedeliverWebhooksAction().handle(Event.action("redeliver-failed-webhooks"), context);
        assertNull(juju.actionFailure);
        assertEquals("3", juju.actionResults.get("redelivered"));
        assertEquals("1", juju.actionResults.get("already-enqueued"));
        List<String> command = calls.get(0);
        assertTrue(command.containsAll(List.of("webhook-router", "redeliver", "--config", config.toString(), "--since", "3600",
                "--webhook-id", "42", "--github-path", "my-org/my-repo")), command.toString());
    }

    @Test
    void withoutTheHostedRouterItFailsWithTheReason() throws Exception {
        new RedeliverWebhooksAction().handle(Event.action("redeliver-failed-webhooks"), context);
        assertTrue(juju.actionFailure.contains("webhook router is not set up"), juju.actionFailure);
        assertTrue(calls.isEmpty());
    }

    @Test
    void aFailedPassFailsTheAction() throws Exception {
        Path config = new RouterService(context).configFile();
        Files.createDirectories(config.getParent());
        Files.writeString(config, "version: 1\n");
        output = "redelivery failed: GitHub refused the credentials";
        new RedeliverWebhooksAction().handle(Event.action("redeliver-failed-webhooks"), context);
        assertTrue(juju.actionFailure.contains("GitHub refused the credentials"), juju.actionFailure);
    }
}
