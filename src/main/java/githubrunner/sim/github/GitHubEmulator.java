package githubrunner.sim.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GitHub REST API emulator on 127.0.0.1 for the runner endpoints the charm uses (runners, JIT
 * config, runner groups, jobs, rate limits, App installation tokens), answering with the shapes of
 * GitHub's official samples. It also plays the runner processes ({@link #startAgent(String)}) and
 * the workflows ({@link #queueJob}), and can misbehave on purpose: rate-limit exhaustion,
 * secondary limits, error statuses, delays, dropped connections ({@link FaultRule}).
 *
 * <p>Everything is in memory and thread-safe. It imports nothing from the production packages, so
 * it cannot share a bug with the client it checks. Start it with {@link #builder()}, or from the
 * command line with {@code github-runner sim github --port N}.
 */
public final class GitHubEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubEmulator.class);

    static {
        // The JDK server writes an answer's headers and body separately; with Nagle's algorithm the
        // body then waits for the client's delayed ACK, ~40 ms per answer on Linux loopback (a
        // 1,000-runner listing took 530 ms instead of 80). The JDK reads this once per JVM, when its
        // first server starts; an explicit setting is left alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService workers;
    private final String url;
    private final EmulatorState state;
    private final Credentials credentials;
    private final RateLimits rateLimits;
    private final Faults faults;
    private final RequestLog log = new RequestLog();
    private final AgentSimulator agents;
    private final RestApi api;
    private final ControlApi control;
    private final Webhooks webhooks;

    /** Port (0: any free one), clock (token expiry, rate-limit windows, timestamps), fault seed. */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private long seed = 1;

        private Builder() {}

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public GitHubEmulator start() throws IOException {
            return new GitHubEmulator(port, clock, seed);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private GitHubEmulator(int port, Clock clock, long seed) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        state = new EmulatorState(clock);
        credentials = new Credentials(clock);
        rateLimits = new RateLimits(clock);
        faults = new Faults(seed);
        agents = new AgentSimulator(state);
        Views views = new Views(url);
        webhooks = new Webhooks(state, views, clock);
        agents.addListener(new JobListener() {
            @Override
            public void jobStarted(JobView job) {
                webhooks.jobEvent(job.id(), "in_progress");
            }

            @Override
            public void jobCompleted(JobView job) {
                webhooks.jobEvent(job.id(), "completed");
            }
        });
        api = new RestApi(state, credentials, rateLimits, views, url, clock, new WebhookApi(webhooks, url));
        control = new ControlApi(this, views);
        workers = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        LOG.debug("GitHub emulator listening on {}", url);
    }

    /** Base URL of the API, e.g. {@code http://127.0.0.1:40123}; use it as the client's endpoint. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- the world ----

    /** A personal access token with full access. */
    public GitHubEmulator addToken(String token) {
        return addToken(token, Access.ADMIN);
    }

    public GitHubEmulator addToken(String token, Access access) {
        credentials.addToken(token, access);
        return this;
    }

    public GitHubEmulator addRepository(String owner, String repo) {
        state.addRepository(owner, repo);
        return this;
    }

    /** An organisation, with its default runner group ({@code Default}, id 1). */
    public GitHubEmulator addOrganisation(String org) {
        state.addOrganisation(org);
        return this;
    }

    /** @return the new group's id */
    public long addRunnerGroup(String org, String name) {
        return state.addRunnerGroup(org, name);
    }

    /** A GitHub App, known by its numeric id and its client id, that signs its JWTs with this key's pair. */
    public GitHubEmulator registerApp(long appId, String clientId, PublicKey key) {
        credentials.registerApp(appId, clientId, key);
        return this;
    }

    public GitHubEmulator addInstallation(long installationId, long appId) {
        credentials.addInstallation(installationId, appId);
        return this;
    }

    /** How long issued installation tokens stay valid (GitHub: one hour). */
    public GitHubEmulator installationTokenLifetime(Duration lifetime) {
        credentials.setInstallationTokenLifetime(lifetime);
        return this;
    }

    /** Every installation token issued so far stops working (401), as after a revocation. */
    public GitHubEmulator revokeInstallationTokens() {
        credentials.revokeInstallationTokens();
        return this;
    }

    /**
     * The primary budget of every caller for a resource ({@code core}, {@code actions_runner_registration}):
     * {@code limit} requests per window, the window starting at a caller's first request.
     */
    public GitHubEmulator rateLimit(String resource, long limit, Duration window) {
        rateLimits.configure(resource, limit, window);
        return this;
    }

    /** Status of an answer once a budget is spent: 403 (default) or 429, as GitHub may send either. */
    public GitHubEmulator rateLimitExhaustedStatus(int status) {
        rateLimits.setExhaustedStatus(status);
        return this;
    }

    public GitHubEmulator addFault(FaultRule rule) {
        faults.add(rule);
        return this;
    }

    public GitHubEmulator clearFaults() {
        faults.clear();
        return this;
    }

    // ---- runners and jobs ----

    /** Told when runners take and finish jobs (the simulator writes the VMs' metrics files from it). */
    public GitHubEmulator addJobListener(JobListener listener) {
        agents.addListener(listener);
        return this;
    }

    /** Delay between a runner process starting and its runner showing online. */
    public GitHubEmulator agentOnlineDelay(Duration delay) {
        agents.setOnlineDelay(delay);
        return this;
    }

    /**
     * Registers a runner directly, as a JIT call would (offline, no agent): for seeding.
     *
     * @param scope {@code owner/repo}, or an organisation name (registered in its default group)
     */
    public RunnerView registerRunner(String scope, String name, List<String> labels) {
        SimScope where = scopeOf(scope);
        try {
            return state.register(where, name, EmulatorState.DEFAULT_GROUP_ID, labels).runner();
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * A runner process started with this JIT config (what the VM's {@code run.sh --jitconfig} does).
     * The runner comes online after {@link #agentOnlineDelay(Duration)} (at once when zero) and
     * takes matching queued jobs.
     *
     * @return whether a registered runner's agent started; false for an unknown or used config
     */
    public boolean agentStarted(String encodedJitConfig) {
        return startAgent(encodedJitConfig) == EmulatorState.AgentOutcome.STARTED;
    }

    private SimScope scopeOf(String scope) {
        return scope.contains("/")
                ? state.repository(scope.substring(0, scope.indexOf('/')), scope.substring(scope.indexOf('/') + 1))
                        .orElseThrow(() -> new IllegalArgumentException("unknown repository " + scope))
                : state.organisation(scope).orElseThrow(() -> new IllegalArgumentException("unknown organisation " + scope));
    }

    EmulatorState.AgentOutcome startAgent(String encodedJitConfig) {
        return agents.started(encodedJitConfig);
    }

    /**
     * Queues a workflow job: taken by an idle online runner serving the repository (its own, or its
     * organisation's) whose labels, plus self-hosted, linux and x64, include all the job's labels,
     * ignoring case; then busy for {@code duration}, then completed with success.
     */
    public JobView queueJob(String owner, String repo, List<String> labels, Duration duration) {
        return queueJob(owner, repo, "build", labels, duration, null);
    }

    /** As {@link #queueJob(String, String, List, Duration)}, in a given workflow run. */
    public JobView queueJob(String owner, String repo, List<String> labels, Duration duration, long runId) {
        return queueJob(owner, repo, "build", labels, duration, runId);
    }

    JobView queueJob(String owner, String repo, String name, List<String> labels, Duration duration, Long runId) {
        if (state.repository(owner, repo).isEmpty()) {
            throw new IllegalArgumentException("unknown repository " + owner + "/" + repo);
        }
        JobView job = state.queueJob(owner, repo, name, labels, duration, runId);
        webhooks.jobEvent(job.id(), "queued");
        agents.jobQueued();
        return state.job(job.id()).orElse(job);
    }

    // ---- webhooks ----

    /**
     * A repository ({@code owner/repo}) or organisation webhook for {@code workflow_job} events,
     * signed with {@code secret} (none when empty); it is pinged at once, as GitHub does.
     *
     * @return the hook's id
     */
    public long addWebhook(String scope, String url, String secret) {
        return webhooks.add(scopeOf(scope), url, secret);
    }

    /** Every finished delivery attempt, oldest first: the emulator's delivery log. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.log();
    }

    /** Deliveries sent and not answered yet. */
    public int webhooksInFlight() {
        return webhooks.inFlight();
    }

    /** This share of job deliveries is lost on the way (recorded as failed, never sent), as a flaky network does. */
    public GitHubEmulator webhookDropRate(double rate, long seed) {
        webhooks.setDropRate(rate, seed);
        return this;
    }

    public List<RunnerView> runners() {
        return state.allRunners();
    }

    public Optional<RunnerView> runner(long id) {
        return state.runner(id);
    }

    public List<JobView> jobs() {
        return state.allJobs();
    }

    public Optional<JobView> job(long id) {
        return state.job(id);
    }

    public JobCounts jobCounts() {
        return state.counts();
    }

    // ---- the request log ----

    public List<LoggedRequest> requests() {
        return log.all();
    }

    /** Requests whose method ({@code *} for any) and whole path (regex) match. */
    public long requestCount(String method, String pathRegex) {
        return log.count(method, pathRegex);
    }

    public GitHubEmulator clearRequests() {
        log.clear();
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        agents.close();
        webhooks.close();
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            Http.Incoming request = Http.read(exchange);
            if (request.path().startsWith("/_emulator/")) {
                Http.send(exchange, control.handle(request));
                return;
            }
            Optional<FaultRule.Action> fault = faults.pick(request.method(), request.path());
            if (fault.isPresent() && fault.get() instanceof FaultRule.Drop) {
                record(request, 0, "");
                return; // closing without an answer drops the connection
            }
            if (fault.isPresent() && fault.get() instanceof FaultRule.Delay delay) {
                Thread.sleep(delay.delay().toMillis());
            }
            if (fault.isPresent() && fault.get() instanceof FaultRule.Respond respond) {
                record(request, respond.status(), "");
                Http.send(exchange, Reply.raw(respond.status(), respond.body()).with(respond.headers()));
                return;
            }
            RestApi.Handled handled = api.handle(request);
            // Logged before answering, so a caller that got its answer finds its request in the log.
            record(request, handled.reply().status(), handled.caller());
            if (fault.isPresent() && fault.get() instanceof FaultRule.LoseAnswer) {
                return; // done, but the answer never leaves
            }
            Http.send(exchange, handled.reply());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("GitHub emulator: cannot read or answer a request", e);
        } catch (RuntimeException e) {
            LOG.warn("GitHub emulator: internal error", e);
            try {
                Http.send(exchange, Reply.error(new ApiError(500, "emulator error")));
            } catch (IOException | RuntimeException ignored) {
                // the answer may have started already; closing is all that is left
            }
        } finally {
            exchange.close();
        }
    }

    private void record(Http.Incoming request, int status, String caller) {
        log.add(new LoggedRequest(clock.instant(), request.method(), request.path(), request.rawQuery(), status, caller));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "github-emulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
