package githubrunner.manager.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import githubrunner.manager.ReactiveRequests;
import githubrunner.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumers' routes on the real API server: what a consumer sends is counted, anything else
 * is answered 400 with the reason and counts for nothing; every route needs the token.
 */
class ReactiveRoutesTest {
    static final Secret TOKEN = Secret.of("Tk_" + "r".repeat(40));
    static final String AUTH = "Authorization: Bearer " + TOKEN.reveal() + "\r\n";
    static final String URL = "https://api.github.com/repos/octo/repo/actions/jobs/42";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    final AtomicInteger wakes = new AtomicInteger();
    final ReactiveRequests requests = new ReactiveRequests(clock, 1, 5, wakes::incrementAndGet, new githubrunner.metrics.ReactiveMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry(), "test"));
    ManagerHttpApi api;

    @BeforeEach
    void start() throws IOException {
        api = new ManagerHttpApi(0, TOKEN, ReactiveRoutes.add(new Routes(), requests));
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    RawHttp.Reply put(String id, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(api.port(), "PUT /reactive/jobs/" + id + " HTTP/1.0\r\n" + AUTH
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body);
    }

    static String request(String url, String labels, int lease) {
        return "{\"job_url\":\"" + url + "\",\"labels\":" + labels + ",\"lease_seconds\":" + lease + "}";
    }

    @Test
    void aConsumerOpensListsAndClosesRequests() throws IOException {
        RawHttp.Reply opened = put("42", request(URL, "[\"x64\",\"large\"]", 30));
        assertEquals(200, opened.status(), opened.body());
        assertEquals("{\"job_id\":42,\"open\":1,\"capacity\":4}", opened.body(), "capacity: max-total 5 minus base 1");
        assertEquals(1, wakes.get(), "a new request wakes the reconciler");
        assertEquals("{\"job_ids\":[42]}",
                RawHttp.send(api.port(), "GET /reactive/jobs HTTP/1.0\r\n" + AUTH + "\r\n").body());
        assertEquals(204, RawHttp.send(api.port(), "DELETE /reactive/jobs/42 HTTP/1.0\r\n" + AUTH + "\r\n").status());
        assertEquals(204, RawHttp.send(api.port(), "DELETE /reactive/jobs/42 HTTP/1.0\r\n" + AUTH + "\r\n").status(),
                "closing twice is no error");
        assertEquals(0, requests.open(clock.instant()));
    }

    @Test
    void withoutTheTokenNothingIsCountedOrShown() throws IOException {
        String body = request(URL, "[]", 30);
        RawHttp.Reply put = RawHttp.send(api.port(), "PUT /reactive/jobs/42 HTTP/1.0\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body);
        assertEquals(401, put.status());
        assertEquals(401, RawHttp.send(api.port(), "GET /reactive/jobs HTTP/1.0\r\n\r\n").status());
        assertEquals(403, RawHttp.send(api.port(), "GET /reactive/jobs HTTP/1.0\r\nAuthorization: Bearer "
                + "Tk_" + "x".repeat(40) + "\r\n\r\n").status());
        assertEquals(0, requests.open(clock.instant()));
    }

    @Test
    void hostileRequestsAreRefusedWithTheReasonAndCountForNothing() throws IOException {
        String[][] cases = {
            {"0", request(URL, "[]", 30), "job id"},
            {"-1", request(URL, "[]", 30), "job id"},
            {"0042", request(URL, "[]", 30), "job id"},
            {"99999999999999999999", request(URL, "[]", 30), "job id"},
            {"abc", request(URL, "[]", 30), "job id"},
            {"42", "", "empty"},
            {"42", "null", "null"},
            {"42", "not json", "not JSON"},
            {"42", "[1,2]", "shape"},
            {"42", "{\"job_url\":\"" + URL + "\",\"labels\":[],\"lease_seconds\":30,\"extra\":1}", "unknown field extra"},
            {"42", "{\"job_url\":\"" + URL + "\",\"labels\":\"x64\",\"lease_seconds\":30}", "field labels"},
            {"42", "{\"job_url\":[],\"labels\":[],\"lease_seconds\":30}", "field job_url"},
            {"42", "{\"job_url\":\"" + URL + "\",\"labels\":[],\"lease_seconds\":\"long\"}", "field lease_seconds"},
            {"42", "{\"labels\":[],\"lease_seconds\":30}", "job_url"},
            {"42", request("file:///etc/passwd", "[]", 30), "http(s) URL"},
            {"42", request(URL + "\\u0000", "[]", 30), "http(s) URL"},
            {"42", request(URL, "[\"a\\nb\"]", 30), "labels"},
            {"42", request(URL, "[\"\"]", 30), "labels"},
            {"42", request(URL, "[null]", 30), "labels"},
            {"42", request(URL, "[]", 0), "lease_seconds"},
            {"42", request(URL, "[]", 100000), "lease_seconds"},
            {"42", "{\"job_url\":\"" + URL + "\",\"labels\":[],\"lease_seconds\":1e400}", "RunnerRequest"},
        };
        for (String[] c : cases) {
            RawHttp.Reply reply = put(c[0], c[1]);
            String what = "PUT /reactive/jobs/" + c[0] + " with " + c[1] + " -> " + reply.status() + " " + reply.body();
            assertEquals(400, reply.status(), what);
            assertTrue(reply.body().contains(c[2]), what);
            assertTrue(!reply.body().contains("passwd") && !reply.body().contains("Exception"), "no echo, no trace: " + what);
        }
        assertEquals(0, requests.open(clock.instant()));
        assertEquals(0, wakes.get());
        assertEquals(400, RawHttp.send(api.port(), "DELETE /reactive/jobs/x HTTP/1.0\r\n" + AUTH + "\r\n").status());
        assertEquals(405, RawHttp.send(api.port(), "POST /reactive/jobs/42 HTTP/1.0\r\n" + AUTH + "\r\n").status());
    }

    @Test
    void aBodyBeyondTheApiLimitIsRefusedBeforeParsing() throws IOException {
        String labels = "[\"" + "x".repeat(70 * 1024) + "\"]";
        assertEquals(413, put("42", request(URL, labels, 30)).status());
        assertEquals(0, requests.open(clock.instant()));
    }
}
