package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.github.GitHubClient;
import githubrunner.github.GitHubClientOptions;
import githubrunner.github.HookDeliveries;
import githubrunner.github.HookDelivery;
import githubrunner.reactive.KombuMessage;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import githubrunner.sim.github.WebhookDelivery;
import githubrunner.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The emulator's webhooks feeding the router, and the way back: failed deliveries listed and
 * redelivered through GitHub's deliveries API, by the automatic pass after a MongoDB outage.
 */
class RedeliveryTest {
    private static final String TOKEN = "emulated-token-redelivery";

    private static ManagerConfig.GitHub github(GitHubEmulator emulator) {
        return new ManagerConfig.GitHub(emulator.url(), ManagerConfig.GitHubPath.repository("octo", "repo"),
                ManagerConfig.GitHubAuth.token(Secret.of(TOKEN)));
    }

    private static GitHubEmulator emulator() throws Exception {
        GitHubEmulator emulator = GitHubEmulator.builder().start();
        emulator.addToken(TOKEN).addRepository("octo", "repo");
        return emulator;
    }

    @Test
    void jobEventsArriveSignedAndQueuedJobsAreEnqueued() throws Exception {
        try (GitHubEmulator emulator = emulator(); RouterHarness harness = new RouterHarness().start()) {
            long hook = emulator.addWebhook("octo/repo", harness.url() + "/webhook", RouterHarness.SECRET);
            JobView job = emulator.queueJob("octo", "repo", List.of("self-hosted", "large"), Duration.ofSeconds(1));
            Await.until("the queued job's message", () -> harness.messages().size() == 1);
            Document message = harness.messages().get(0);
            assertEquals("large", message.getString("queue"));
            assertEquals("{\"labels\":[\"large\"],\"status\":\"queued\",\"url\":\"" + emulator.url()
                    + "/repos/octo/repo/actions/jobs/" + job.id() + "\"}", KombuMessage.fromDocument(message).bodyText());
            Await.until("ping and queued delivered", () -> emulator.webhookDeliveries().size() >= 2);
            List<WebhookDelivery> log = emulator.webhookDeliveries();
            assertTrue(log.stream().allMatch(d -> d.hookId() == hook && d.succeeded()), log.toString());
            assertEquals(Set.of("ping", "workflow_job"), new TreeSet<>(log.stream().map(WebhookDelivery::event).toList()));
        }
    }

    @Test
    void theDeliveriesApiListsNewestFirstInCursorPagesAndRedelivers() throws Exception {
        try (GitHubEmulator emulator = emulator()) {
            // Nothing listens: every delivery fails to connect.
            long hook = emulator.addWebhook("octo/repo", "http://127.0.0.1:9/webhook", "s");
            for (int i = 0; i < 130; i++) {
                emulator.queueJob("octo", "repo", List.of("large"), Duration.ofHours(1));
            }
            Await.until("all attempts made", () -> emulator.webhookDeliveries().size() == 131);
            HookDeliveries deliveries = new HookDeliveries(GitHubClient.create(WebhookRouter.target(github(emulator)), "router",
                    GitHubClientOptions.defaults()));
            HookDeliveries.Hook target = new HookDeliveries.Hook("octo/repo", hook);
            List<HookDelivery> listed = deliveries.listSince(target, Instant.EPOCH, page -> true);
            assertEquals(131, listed.size());
            for (int i = 1; i < listed.size(); i++) {
                assertTrue(listed.get(i - 1).id() > listed.get(i).id(), "newest first");
            }
            assertFalse(listed.get(0).succeeded());
            assertEquals("queued", listed.get(0).action());
            assertEquals(2, emulator.requestCount("GET", ".*/hooks/" + hook + "/deliveries"));
            deliveries.redeliver(target, listed.get(0).id());
            Await.until("the redelivery", () -> emulator.webhookDeliveries().size() == 132);
            WebhookDelivery again = emulator.webhookDeliveries().get(131);
            assertTrue(again.redelivery());
            assertEquals(listed.get(0).guid(), again.guid());
        }
    }

    @Test
    void afterAMongoDbOutageEveryQueuedJobIsEnqueuedOnceByTheAutomaticPass() throws Exception {
        try (GitHubEmulator emulator = emulator(); RouterHarness harness = new RouterHarness()) {
            harness.start(RouterHarness.config(harness.mongoAddress.getPort(), RouterHarness.SECRET, github(emulator)));
            emulator.addWebhook("octo/repo", harness.url() + "/webhook", RouterHarness.SECRET);
            List<Long> jobs = new ArrayList<>();
            jobs.add(emulator.queueJob("octo", "repo", List.of("large"), Duration.ofHours(1)).id());
            Await.until("the first job enqueued", () -> harness.messages().size() == 1);
            harness.stopMongo();
            for (int i = 0; i < 10; i++) {
                jobs.add(emulator.queueJob("octo", "repo", List.of("x64", "jammy"), Duration.ofHours(1)).id());
            }
            Await.until("deliveries during the outage", () -> emulator.webhooksInFlight() == 0 && emulator.webhookDeliveries().stream()
                    .filter(d -> "queued".equals(d.action())).count() == 11);
            long failed = emulator.webhookDeliveries().stream().filter(d -> !d.succeeded()).count();
            assertEquals(10, failed, emulator.webhookDeliveries().toString());
            harness.startMongo();
            try {
                Await.until("every job enqueued after the pass", () -> harness.messages().size() == 11);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + harness.messages().stream().map(m -> m.get("github_delivery")).toList()
                        + " messages; redeliveries " + emulator.webhookDeliveries().stream().filter(WebhookDelivery::redelivery)
                        .map(d -> d.jobId() + ":" + d.statusCode() + ":" + d.guid()).toList(), e);
            }
            Map<String, Integer> perJob = new HashMap<>();
            for (Document message : harness.messages()) {
                String body = KombuMessage.fromDocument(message).bodyText();
                perJob.merge(body.substring(body.lastIndexOf('/') + 1, body.length() - 2), 1, Integer::sum);
            }
            for (long job : jobs) {
                assertEquals(1, perJob.getOrDefault(Long.toString(job), 0), "job " + job + " in " + perJob);
            }
            // The router inserts before it answers, and the emulator logs a delivery once answered.
            Await.until("the redeliveries answered", () -> emulator.webhooksInFlight() == 0
                    && emulator.webhookDeliveries().stream().filter(WebhookDelivery::redelivery).count() >= 10);
        }
    }
}
