package githubrunner.reactive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import githubrunner.common.Secret;
import githubrunner.contract.ReactiveApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The consumer's side of {@link ReactiveApi}: asks this unit's runner manager, on 127.0.0.1, for a
 * runner per queued job, keeps the request open while the job waits, and closes it. Every call
 * has a timeout; failures are typed so the consumer can tell "the manager is down, try again" from
 * "the manager refuses this request".
 */
public final class RunnerRequests {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** snake_case, as every JSON of the manager's API ({@code job_url}, {@code lease_seconds}, {@code job_id}). */
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).build();
    private final URI jobs;
    private final Secret token;
    private final String consumer;

    /** The manager cannot be reached or failed (timeout, 5xx, 401/403/404/429): try again later, uncounted. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The manager refused this request (400, 409, 422, ...): the request itself is wrong. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * @param port the manager's HTTP API port on 127.0.0.1
     * @param consumer this consumer's identity, sent as {@code User-Agent} for the manager's logs
     */
    public RunnerRequests(int port, Secret token, String consumer) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid manager port " + port);
        }
        this.jobs = URI.create("http://127.0.0.1:" + port + ReactiveApi.JOBS_PATH);
        this.token = token;
        this.consumer = consumer;
    }

    /** Opens or renews the request for {@code jobId}. */
    public ReactiveApi.RequestState put(long jobId, String jobUrl, List<String> labels, Duration lease)
            throws Unavailable, Refused, InterruptedException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new ReactiveApi.RunnerRequest(jobUrl, labels, (int) lease.toSeconds()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<byte[]> response = send(request(jobId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PUT of job " + jobId);
        try {
            ReactiveApi.RequestState state = JSON.readValue(response.body(), ReactiveApi.RequestState.class);
            if (state.jobId() != jobId) {
                throw new Unavailable("manager answered PUT of job " + jobId + " about job " + state.jobId());
            }
            return state;
        } catch (IOException e) {
            throw new Unavailable("manager answered PUT of job " + jobId + " with no request state");
        }
    }

    /** The open requests of this unit: also how a consumer finds out that the manager is back. */
    public ReactiveApi.RequestList list() throws Unavailable, Refused, InterruptedException {
        HttpResponse<byte[]> response = send(request(jobs).GET(), "GET " + ReactiveApi.JOBS_PATH);
        try {
            return JSON.readValue(response.body(), ReactiveApi.RequestList.class);
        } catch (IOException e) {
            throw new Unavailable("manager answered GET " + ReactiveApi.JOBS_PATH + " with no request list");
        }
    }

    /** Closes the request for {@code jobId} (also when none is open). */
    public void delete(long jobId) throws Unavailable, Refused, InterruptedException {
        send(request(jobId).DELETE(), "DELETE of job " + jobId);
    }

    private HttpRequest.Builder request(long jobId) {
        return request(URI.create(jobs + "/" + jobId));
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.reveal())
                .header("User-Agent", "github-runner-consumer " + consumer);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String what)
            throws Unavailable, Refused, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable("manager unreachable on " + jobs.getAuthority() + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String answer = "manager answered " + status + " to " + what;
        // Not ready, another version without the routes, a token from before a restart: the manager's
        // problem, not the request's, and it passes.
        if (status == 401 || status == 403 || status == 404 || status == 429 || status >= 500) {
            throw new Unavailable(answer);
        }
        throw new Refused(answer);
    }
}
