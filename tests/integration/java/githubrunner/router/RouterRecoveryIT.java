package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import githubrunner.testing.MongoStandIn;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.reactive.KombuMessage;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.github.JobView;
import githubrunner.sim.github.WebhookDelivery;
import githubrunner.testing.TcpOutage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of jobs from the GitHub emulator's webhook while the router process is killed (SIGKILL)
 * and MongoDB goes away; the router is restarted, MongoDB comes back, and the router's own
 * redelivery passes (after its restart, after the outage) ask GitHub for the failed deliveries.
 * Then every queued job of the emulator's delivery log has exactly one message.
 */
class RouterRecoveryIT {
    static final int JOBS = 150;
    static final String TOKEN = "emulated-token-recovery";

    @TempDir Path dir;

    @Test
    void afterAKillAndAnOutageEveryQueuedJobHasOneMessage() throws Exception {
        MongoServer mongo = MongoStandIn.start();
        try (TcpOutage outage = new TcpOutage(mongo.getLocalAddress());
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
             GitHubEmulator github = GitHubEmulator.builder().start()) {
            github.addToken(TOKEN).addRepository("octo", "repo");
            var credentials = new ManagerConfig.GitHub(github.url(), ManagerConfig.GitHubPath.repository("octo", "repo"),
                    ManagerConfig.GitHubAuth.token(Secret.of(TOKEN)));
            RouterConfig config = RouterProcess.config("github-runner/0", RouterProcess.freePort(), outage.port(), credentials);
            var messages = client.getDatabase("github-runner-webhook-router").getCollection("messages");
            RouterProcess router = RouterProcess.start(dir, config);
            try {
                github.addWebhook("octo/repo", router.url() + "/webhook", RouterProcess.SECRET);
                for (int i = 0; i < JOBS; i++) {
                    github.queueJob("octo", "repo", List.of(i % 2 == 0 ? "large" : "x64"), Duration.ofHours(1));
                    if (i == JOBS / 3) {
                        router.kill();
                    }
                    if (i == JOBS / 2) {
                        outage.cut();
                        router = RouterProcess.start(dir, config);
                    }
                    Thread.sleep(10);
                }
                await("every delivery attempt answered", () -> github.webhooksInFlight() == 0);
                long failed = github.webhookDeliveries().stream().filter(d -> !d.succeeded()).count();
                System.out.println("recovery: first attempts " + github.webhookDeliveries().stream()
                        .filter(d -> "queued".equals(d.action()) && !d.redelivery())
                        .collect(Collectors.groupingBy(WebhookDelivery::statusCode, Collectors.counting())));
                assertTrue(failed > JOBS / 10, "the kill and the outage failed deliveries: " + failed);
                outage.restore();
                await("every queued job enqueued", () -> messages.countDocuments() >= JOBS);
                Thread.sleep(8_000); // a late duplicate would land now: the pass has settled
                Map<Long, Integer> perJob = new HashMap<>();
                for (Document message : messages.find()) {
                    String url = Deliveries.JSON.readTree(KombuMessage.fromDocument(message).bodyText()).get("url").asText();
                    perJob.merge(Long.parseLong(url.substring(url.lastIndexOf('/') + 1)), 1, Integer::sum);
                }
                List<Long> queued = github.webhookDeliveries().stream().filter(d -> "queued".equals(d.action()))
                        .map(WebhookDelivery::jobId).distinct().sorted().toList();
                assertEquals(JOBS, queued.size());
                assertEquals(github.jobs().stream().map(JobView::id).sorted().toList(), queued);
                Map<Long, Integer> wrong = queued.stream().filter(job -> perJob.getOrDefault(job, 0) != 1)
                        .collect(Collectors.toMap(job -> job, job -> perJob.getOrDefault(job, 0)));
                assertEquals(Map.of(), wrong, "jobs without exactly one message");
                System.out.println("recovery: " + failed + " failed deliveries, "
                        + github.webhookDeliveries().stream().filter(WebhookDelivery::redelivery).count() + " redeliveries");
            } finally {
                router.close();
            }
        } finally {
            mongo.shutdownNow();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(100);
        }
    }
}
