package githubrunner.manager.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.charm.ManagerClient;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerApi;
import githubrunner.contract.ManagerApi.FlushReport;
import githubrunner.contract.ManagerApi.RunnerReport;
import githubrunner.manager.ManagerOperations;
import githubrunner.manager.ManagerStatus;
import githubrunner.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The manager's HTTP API in-process on an ephemeral port, with fake operations: the answers the
 * charm parses, the bearer token, the size limits, and clients that misbehave.
 */
class ManagerHttpApiTest {
    static final Secret TOKEN = Secret.of("Tk_" + "a".repeat(40));
    static final String AUTH = "Authorization: Bearer " + TOKEN.reveal() + "\r\n";

    final FakeOperations operations = new FakeOperations();
    final ManagerStatus status = new ManagerStatus(Instant.parse("2026-01-02T03:04:05Z"));
    ManagerHttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    ManagerHttpApi start(Secret token, Routes routes, ManagerHttpApi.Limits limits) throws IOException {
        api = new ManagerHttpApi(0, token, routes, limits);
        api.start();
        return api;
    }

    ManagerHttpApi start() throws IOException {
        return start(TOKEN, ManagerRoutes.of(status::snapshot, operations, out -> out.write("metric 1.0\n".getBytes())),
                ManagerHttpApi.Limits.defaults());
    }

    static ManagerHttpApi.Limits limits(Duration readTimeout, Duration idleTimeout) {
        ManagerHttpApi.Limits d = ManagerHttpApi.Limits.defaults();
        return new ManagerHttpApi.Limits(readTimeout, idleTimeout, d.maxHeaderBytes(), 1024, d.maxConnections(),
                d.workers(), d.acceptQueue());
    }

    @Test
    void theCharmsClientReadsEveryAnswer() throws Exception {
        start();
        status.looked(new ManagerStatus.Reconcile("check", Instant.now(), Duration.ofMillis(250), "ok", null),
                new ManagerStatus.Counts(1, 0, 0, 0, 1, 1), 0);
        ManagerClient charm = new ManagerClient(api.port(), TOKEN);
        assertTrue(charm.isHealthy());
        assertEquals(new ManagerApi.JujuStatus("active", "1 idle, 0 busy, 1 expected"), charm.jujuStatus());
        assertEquals(FakeOperations.CHECK, charm.checkRunners());
        assertEquals(FakeOperations.FLUSHED, charm.flushRunners(true));
        assertEquals(List.of("flush true"), operations.calls);
        assertEquals(FakeOperations.FLUSHED, charm.drain(false, "new image 42 (a + b)", Duration.ofSeconds(90)));
        assertEquals(List.of("flush true", "drain false new image 42 (a + b) PT1M30S"), operations.calls,
                "the reason arrives decoded, spaces and plus signs included");
    }

    @Test
    void drainParametersAreChecked() throws Exception {
        start();
        for (String bad : List.of("for=0", "for=3601", "for=ten", "flush-busy=maybe")) {
            RawHttp.Reply reply = RawHttp.send(api.port(), "POST /runner/drain?" + bad + " HTTP/1.0\r\n" + AUTH + "\r\n");
            assertEquals(400, reply.status(), bad);
        }
        assertEquals(400, RawHttp.send(api.port(), "POST /runner/drain?reason=%zz HTTP/1.0\r\n" + AUTH + "\r\n").status());
        RawHttp.send(api.port(), "POST /runner/drain?reason=a%0Ab" + "x".repeat(100) + " HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals(List.of("drain false a b" + "x".repeat(77) + " PT10M"), operations.calls,
                "control characters become spaces, 80 characters at most, 10 minutes by default");
    }

    @Test
    void answersAreTheBytesTheCharmParsed() throws Exception {
        start();
        RawHttp.Reply health = RawHttp.send(api.port(), "GET /health HTTP/1.0\r\n\r\n");
        assertEquals(204, health.status());
        assertTrue(health.head().startsWith("HTTP/1.1 204 "), "as the JDK server answered: " + health.head());
        assertEquals("", health.body());
        RawHttp.Reply juju = RawHttp.send(api.port(), "GET /status/juju HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals("maintenance\nRunner manager starting", juju.body());
        assertTrue(juju.head().contains("Content-Type: text/plain; charset=utf-8"), juju.head());
        RawHttp.Reply check = RawHttp.send(api.port(), "GET /runner/check HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals("{\"online\":1,\"busy\":0,\"offline\":0,\"unknown\":0,\"runners\":[\"github-runner-0-0123456789ab\"],"
                + "\"busy_runners\":[]}", check.body());
        assertTrue(check.head().contains("Content-Type: application/json"), check.head());
        RawHttp.Reply json = RawHttp.send(api.port(), "GET /status HTTP/1.0\r\n" + AUTH + "\r\n");
        assertTrue(json.body().startsWith("{\"started_at\":\"2026-01-02T03:04:05Z\",\"last_reconcile\":null,"), json.body());
        RawHttp.Reply metrics = RawHttp.send(api.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("metric 1.0\n", metrics.body());
        assertTrue(metrics.head().contains("Connection: close"), "one request per connection: " + metrics.head());
        assertFalse(metrics.head().toLowerCase().contains("server:"), "no server banner: " + metrics.head());
    }

    @Test
    void healthAndMetricsAreOpenEverythingElseNeedsTheToken() throws Exception {
        start();
        for (String open : List.of("GET /health", "GET /metrics")) {
            assertEquals(2, RawHttp.send(api.port(), open + " HTTP/1.0\r\n\r\n").status() / 100, open);
        }
        for (String closed : List.of("GET /status", "GET /status/juju", "GET /runner/check",
                "POST /runner/flush?flush-busy=true", "POST /runner/drain?flush-busy=true")) {
            RawHttp.Reply reply = RawHttp.send(api.port(), closed + " HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
            assertEquals(401, reply.status(), closed);
            assertEquals("missing bearer token", reply.body(), closed);
            assertTrue(reply.head().contains("WWW-Authenticate: Bearer"), reply.head());
        }
        assertEquals(List.of(), operations.calls, "no operation ran without the token");
    }

    @Test
    void forgedEmptyAndOversizedAuthorizationIsRefused() throws Exception {
        start();
        String flush = "POST /runner/flush?flush-busy=true HTTP/1.0\r\nContent-Length: 0\r\n";
        Map<String, Integer> attempts = Map.of(
                "Authorization: Bearer " + TOKEN.reveal().substring(1) + "\r\n", 403,        // one character short
                "Authorization: Bearer " + TOKEN.reveal() + "x\r\n", 403,                    // one too many
                "Authorization: Bearer " + TOKEN.reveal().toLowerCase() + "\r\n", 403,
                "Authorization: Bearer \r\n", 401,
                "Authorization: \r\n", 401,
                "Authorization: Basic " + TOKEN.reveal() + "\r\n", 401,
                "Authorization: " + TOKEN.reveal() + "\r\n", 401,
                AUTH + "Authorization: Bearer wrong\r\n", 403,                             // a second header
                "Authorization: Bearer " + "A".repeat(6000) + "\r\n", 403);
        for (var attempt : attempts.entrySet()) {
            RawHttp.Reply reply = RawHttp.send(api.port(), flush + attempt.getKey() + "\r\n");
            assertEquals(attempt.getValue(), reply.status(), attempt.getKey());
            assertFalse(reply.body().contains(TOKEN.reveal()), "a refusal never echoes the token");
            assertTrue(reply.body().length() < 200, "a short reason: " + reply.body());
        }
        RawHttp.Reply huge = RawHttp.send(api.port(), flush + "Authorization: Bearer " + "A".repeat(20_000) + "\r\n\r\n");
        assertEquals(431, huge.status());
        assertEquals("431 Request Header Fields Too Large", huge.body());
        assertEquals(List.of(), operations.calls);
        assertEquals(200, RawHttp.send(api.port(), flush + AUTH + "\r\n").status());
        assertEquals(List.of("flush true"), operations.calls);
    }

    @Test
    void aManagerWithoutATokenRefusesEveryProtectedRoute() throws Exception {
        start(null, ManagerRoutes.of(status::snapshot, operations, out -> {}), ManagerHttpApi.Limits.defaults());
        RawHttp.Reply reply = RawHttp.send(api.port(), "POST /runner/drain HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals(403, reply.status());
        assertTrue(reply.body().contains("no API token configured"), reply.body());
        assertEquals(204, RawHttp.send(api.port(), "GET /health HTTP/1.0\r\n\r\n").status());
        assertEquals(List.of(), operations.calls);
    }

    @Test
    void unknownPathsMethodsAndBadParameters() throws Exception {
        start();
        RawHttp.Reply missing = RawHttp.send(api.port(), "GET /nothing HTTP/1.0\r\n\r\n");
        assertEquals(404, missing.status());
        assertEquals("not found", missing.body());
        RawHttp.Reply wrongMethod = RawHttp.send(api.port(), "DELETE /runner/flush HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.head().contains("Allow: POST"), wrongMethod.head());
        RawHttp.Reply bad = RawHttp.send(api.port(), "POST /runner/flush?flush-busy=yes HTTP/1.0\r\n" + AUTH + "\r\n");
        assertEquals(400, bad.status());
        assertEquals("flush-busy must be true or false", bad.body());
        assertEquals(400, RawHttp.send(api.port(), "NOT HTTP AT ALL\r\n\r\n").status());
        assertEquals(List.of(), operations.calls);
    }

    @Test
    void routesWithPathParametersAndBodiesWithinTheLimit() throws Exception {
        Routes routes = new Routes().add("PUT", "/reactive/jobs/{jobId}", Routes.Access.TOKEN,
                request -> Answer.text(200, request.pathParam("jobId") + ":" + request.bodyText()));
        start(TOKEN, routes, limits(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        String put = "PUT /reactive/jobs/42 HTTP/1.1\r\nHost: x\r\n" + AUTH;
        assertEquals("42:{\"a\":1}", RawHttp.send(api.port(), put + "Content-Length: 7\r\n\r\n{\"a\":1}").body());
        assertEquals("42:chunked", RawHttp.send(api.port(), put
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nchu\r\n4\r\nnked\r\n0\r\n\r\n").body());
        assertEquals(413, RawHttp.send(api.port(), put + "Content-Length: 1025\r\n\r\n" + "x".repeat(1025)).status());
        String big = Integer.toHexString(1025) + "\r\n" + "x".repeat(1025) + "\r\n0\r\n\r\n";
        assertEquals(413, RawHttp.send(api.port(), put + "Transfer-Encoding: chunked\r\n\r\n" + big).status());
        assertEquals(400, RawHttp.send(api.port(), "PUT /reactive/jobs/4%2F2 HTTP/1.0\r\n" + AUTH + "\r\n").status(),
                "an encoded slash is ambiguous: refused before routing");
        assertEquals(404, RawHttp.send(api.port(), "PUT /reactive/jobs/a/b HTTP/1.0\r\n" + AUTH + "\r\n").status());
    }

    @Test
    void aFailingRouteAnswers500AndTheServerGoesOn() throws Exception {
        Routes routes = new Routes()
                .add("GET", "/boom", Routes.Access.PUBLIC, request -> {
                    throw new IllegalStateException("cloud unreachable");
                })
                .add("GET", "/health", Routes.Access.PUBLIC, request -> Answer.noContent());
        start(TOKEN, routes, ManagerHttpApi.Limits.defaults());
        RawHttp.Reply boom = RawHttp.send(api.port(), "GET /boom HTTP/1.0\r\n\r\n");
        assertEquals(500, boom.status());
        assertEquals("cloud unreachable", boom.body());
        assertEquals(204, RawHttp.send(api.port(), "GET /health HTTP/1.0\r\n\r\n").status());
    }

    @Test
    void slowClientsNeitherBlockOthersNorKeepTheirConnections() throws Exception {
        start(TOKEN, ManagerRoutes.of(status::snapshot, operations, out -> {}), limits(Duration.ofSeconds(2),
                Duration.ofSeconds(30)));
        try (RawHttp.SlowClients slow = new RawHttp.SlowClients(api.port(), 50)) {
            assertEquals(50, slow.trickle());
            ManagerClient charm = new ManagerClient(api.port(), TOKEN);
            for (int i = 0; i < 5; i++) {
                assertTrue(charm.isHealthy(), "health answers while 50 clients trickle their headers");
                assertEquals("maintenance", charm.jujuStatus().status());
                slow.trickle();
            }
            // A byte now and then does not keep a connection: the request must be whole by its deadline.
            Await.until("the slow connections closed by the server", () -> {
                slow.trickle();
                return slow.closedByServer() == 50;
            });
            assertEquals(50, api.expiredConnections());
        }
        assertTrue(new ManagerClient(api.port(), TOKEN).isHealthy());
    }

    @Test
    void aClientThatSendsHeadersButNoBodyLosesItsConnection() throws Exception {
        Routes routes = new Routes().add("PUT", "/reactive/jobs/{jobId}", Routes.Access.TOKEN,
                request -> Answer.text(200, request.bodyText()));
        start(TOKEN, routes, limits(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        try (Socket socket = RawHttp.connect(api.port())) {
            socket.getOutputStream().write(("PUT /reactive/jobs/1 HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);   // ends when the server closes
            assertFalse(answer.toString(StandardCharsets.UTF_8).contains(" 200 "), answer.toString(StandardCharsets.UTF_8));
        }
        assertEquals(1, api.expiredConnections());
    }

    @Test
    void aLongOperationOutlivesTheIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Routes routes = new Routes().add("POST", "/runner/flush", Routes.Access.TOKEN, request -> {
            started.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return Answer.text(200, "done");
        });
        // The idle timeout is far shorter than the operation: waiting for the reconcile lock is not idleness.
        start(TOKEN, routes, limits(Duration.ofSeconds(10), Duration.ofMillis(300)));
        List<RawHttp.Reply> replies = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                replies.add(RawHttp.send(api.port(), "POST /runner/flush HTTP/1.0\r\n" + AUTH + "\r\n"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        caller.start();
        Await.until("the operation started", () -> started.get() == 1);
        Thread.sleep(1000);   // three idle timeouts pass while the operation runs
        release.countDown();
        caller.join(20_000);
        assertEquals(1, replies.size());
        assertEquals("done", replies.get(0).body());
    }

    /** Records what the API asked for. */
    static final class FakeOperations implements ManagerOperations {
        static final RunnerReport CHECK = new RunnerReport(1, 0, 0, 0, List.of("github-runner-0-0123456789ab"), List.of());
        static final FlushReport FLUSHED = new FlushReport(1, List.of("github-runner-0-0123456789ab"), 0);
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public RunnerReport checkRunners() {
            return CHECK;
        }

        @Override
        public FlushReport flush(boolean busy) {
            calls.add("flush " + busy);
            return FLUSHED;
        }

        @Override
        public FlushReport drain(boolean busy, String reason, Duration duration) {
            calls.add("drain " + busy + " " + reason + " " + duration);
            return FLUSHED;
        }
    }
}
