package githubrunner.github;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.common.InstanceName;
import githubrunner.common.Retrier;
import githubrunner.common.RetryBudget;
import githubrunner.common.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.RawApiCall;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner manager's view of GitHub: this unit's self-hosted runners (those whose names parse as
 * {@code <prefix>-<12 hex>}), JIT registration, and workflow jobs, for a repository or an
 * organisation's runner group. Thread-safe; one instance per unit.
 *
 * <p>Every operation either returns validated data or throws a typed {@link GitHubException}, within
 * the configured timeout per HTTP exchange. Once a rate limit is hit, operations against that budget
 * are refused locally with {@link GitHubException.RateLimited} until GitHub's reset time, without a
 * request. Credentials and JIT configs never appear in messages or logs.
 *
 * <p>Transient failures (5xx, timeouts, broken connections) of GETs and DELETEs are retried inside
 * the call within {@link GitHubClientOptions#retry()}; a rate-limit answer never is. A JIT
 * registration is never sent again blindly: after an answer that may hide a registration, the
 * runner is looked up by name and removed (its config is lost with the answer), and only then is
 * the request sent once more. Runner listings are conditional ({@code If-None-Match} per page), so
 * an unchanged fleet costs nothing against the primary rate limit.
 *
 * <p>Requests go through github-api's request machinery ({@link RawApiCall}), since the library has
 * no runner endpoints; its sleeping rate-limit handlers are replaced by fail-fast ones.
 */
public final class GitHubClient {
    static final int PER_PAGE = 100;
    /** A runner group holds at most 10,000 runners: 100 pages. Beyond twice that, the server is looping. */
    static final int MAX_PAGES = 200;
    static final int MAX_LABELS = 100;
    /** A JIT registration is sent at most twice, the second time only once no registration of its name is left. */
    static final int MAX_JIT_SENDS = 2;
    private static final Set<String> IDEMPOTENT = Set.of("GET", "DELETE");
    private static final Logger LOG = LoggerFactory.getLogger(GitHubClient.class);
    /**
     * github-api logs whole response bodies (JIT configs, installation tokens) at FINEST through
     * java.util.logging. Capped here, whatever the JUL configuration; held so the levels stick.
     */
    private static final List<java.util.logging.Logger> LIBRARY_LOGGERS = capLibraryLogging();

    private final GitHubScope scope;
    private final String prefix;
    private final Clock clock;
    private final RateLimitTracker rateLimits;
    private final CallCounters counters = new CallCounters();
    private final AppInstallationAuthorization appAuthorization;
    private final GitHub github;
    /** The operation running on this thread, so the transport can tell it what each response said. */
    private final ThreadLocal<Call> current = new ThreadLocal<>();
    private final Object groupLookup = new Object();
    private volatile Long runnerGroupId;
    private final Retrier retrier;
    private final Retrier registrationRetrier;
    private final ConditionalPages<GitHubRunner> runnerPages = new ConditionalPages<>();
    private final Object listingLock = new Object();
    private List<GitHubRunner> lastRunners;
    private long generation;

    private static final class Call {
        final CallKind kind;
        Exchange last;

        Call(CallKind kind) {
            this.kind = kind;
        }
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws GitHubException;
    }

    private GitHubClient(GitHubTarget config, String prefix, GitHubClientOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.path(), "GitHub path");
        Objects.requireNonNull(config.auth(), "GitHub credentials");
        this.scope = GitHubScope.of(config.path());
        this.prefix = checkPrefix(prefix);
        this.clock = options.clock();
        this.rateLimits = new RateLimitTracker(clock);
        this.retrier = Retrier.realTime(options.retry());
        RetryBudget retry = options.retry();
        this.registrationRetrier = Retrier.realTime(new RetryBudget(Math.min(MAX_JIT_SENDS, retry.maxAttempts()),
                retry.initialBackoff(), retry.maxBackoff(), retry.maxTotal()));
        String apiUrl = apiUrl(config.apiUrl());
        HttpClient http = HttpTransport.newHttpClient(options.connectTimeout(), options.proxy());
        GitHubAuth auth = config.auth();
        AuthorizationProvider authorization;
        if (auth.isApp()) {
            if (auth.appInstallationId() == null || auth.appPrivateKey() == null) {
                throw new IllegalArgumentException("GitHub App credentials need an installation id and a private key");
            }
            AppJwt jwt = new AppJwt(auth.appClientId(), PemPrivateKey.parse(auth.appPrivateKey()), clock);
            appAuthorization = new AppInstallationAuthorization(auth.appInstallationId(), clock,
                    options.tokenRefreshMargin(), counters);
            appAuthorization.useAppChannel(connect(apiUrl,
                    new HttpTransport(http, options.requestTimeout(), appAuthorization::onAppResponse),
                    () -> "Bearer " + jwt.create()));
            authorization = appAuthorization;
        } else {
            Secret token = auth.token();
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("GitHub credentials need a token or a GitHub App");
            }
            appAuthorization = null;
            authorization = () -> "Bearer " + token.reveal();
        }
        github = connect(apiUrl, new HttpTransport(http, options.requestTimeout(), this::onResponse), authorization);
    }

    /**
     * @param config API URL, repository or organisation (+ runner group), PAT or GitHub App
     * @param prefix this unit's name prefix, e.g. {@code github-runner-0}
     * @throws IllegalArgumentException if the configuration cannot work (bad URL, names, key)
     */
    public static GitHubClient create(GitHubTarget config, String prefix, GitHubClientOptions options) {
        return new GitHubClient(config, prefix, options);
    }

    public GitHubScope scope() {
        return scope;
    }

    public String prefix() {
        return prefix;
    }

    /** This unit's runners (names {@code <prefix>-<12 hex>}, legacy infixes included), all pages. */
    public List<GitHubRunner> listRunners() throws GitHubException {
        return runnerListing().runners();
    }

    /**
     * This unit's runners, read with {@code If-None-Match} per page: pages GitHub answers
     * {@code 304 Not Modified} are taken from the previous listing and cost nothing against the
     * primary rate limit, so an unchanged fleet can be looked at every few seconds for free. Says
     * whether the runners changed since the previous listing.
     */
    public RunnerListing runnerListing() throws GitHubException {
        return operation(CallKind.LIST_RUNNERS, () -> {
            String path = scope.basePath() + "/actions/runners";
            Paged<GitHubRunner> paged = pages(CallKind.LIST_RUNNERS, path, Map.of(), "runners", this::ours, runnerPages);
            // A runner moving between pages during the listing can show up twice.
            Map<Long, GitHubRunner> ours = new LinkedHashMap<>();
            paged.items().forEach(runner -> ours.putIfAbsent(runner.id(), runner));
            List<GitHubRunner> runners = List.copyOf(ours.values());
            synchronized (listingLock) {
                boolean changed = !runners.equals(lastRunners);
                if (changed) {
                    generation++;
                    lastRunners = runners;
                }
                return new RunnerListing(runners, changed, generation, paged.pages(), paged.notModified());
            }
        });
    }

    private List<GitHubRunner> ours(List<JsonNode> items, String what) throws GitHubException {
        List<GitHubRunner> ours = new ArrayList<>();
        for (JsonNode node : items) {
            GitHubRunner runner = ResponseParsers.runner(node, what);
            if (InstanceName.belongsTo(runner.name(), prefix)) {
                ours.add(runner);
            }
        }
        return ours;
    }

    /** One runner by id, whoever's it is; empty if GitHub does not know it (404). */
    public Optional<GitHubRunner> getRunner(long runnerId) throws GitHubException {
        checkId(runnerId, "runner");
        return operation(CallKind.GET_RUNNER, () -> {
            String path = scope.basePath() + "/actions/runners/" + runnerId;
            try {
                RawApiCall.Response response = send(CallKind.GET_RUNNER, "GET", path, Map.of());
                return Optional.of(ResponseParsers.runner(JsonFields.parse(response.body(), "GET " + path),
                        "GET " + path));
            } catch (GitHubException.NotFound gone) {
                return Optional.empty();
            }
        });
    }

    /** Removes a runner: {@code DELETED} (204), {@code ALREADY_GONE} (404) or {@code BUSY} (422, still registered). */
    public DeleteResult deleteRunner(long runnerId) throws GitHubException {
        checkId(runnerId, "runner");
        return operation(CallKind.DELETE_RUNNER, () -> {
            String path = scope.basePath() + "/actions/runners/" + runnerId;
            try {
                // Retried after a transient failure: a DELETE whose answer was lost then finds 404.
                send(CallKind.DELETE_RUNNER, "DELETE", path, Map.of());
                return DeleteResult.DELETED;
            } catch (GitHubException.NotFound gone) {
                return DeleteResult.ALREADY_GONE;
            } catch (GitHubException.Rejected rejected) {
                if (rejected.status() == 422) {
                    return DeleteResult.BUSY;
                }
                throw rejected;
            }
        });
    }

    /**
     * Registers an ephemeral runner just in time: GitHub answers with its id and the encoded config
     * for {@code run.sh --jitconfig}. Labels are sent once each (case-insensitively, first spelling
     * kept). Repository runners go to the default group (1); organisation runners to the configured
     * group, whose id is looked up on first use and cached.
     *
     * <p>If the answer is lost or garbled (5xx, timeout, broken connection, unreadable 201), GitHub
     * may have registered the runner all the same, and its config is lost with the answer: the runner
     * is looked up by name and deleted if it exists. After a transient failure the request is then
     * sent once more, within the retry budget; names are unique on GitHub (a second registration of
     * a name is refused with 409), so a first request landing late can never make a duplicate, and a
     * 409 on the second send is cleaned up the same way. If the lookup itself fails, the original
     * failure is thrown with the lookup's attached; a registration made then is an offline runner of
     * this unit without a VM, which the manager's cleanup removes.
     *
     * @param runnerName a name of this unit ({@link InstanceName#generate(String)})
     */
    public JitConfig generateJitConfig(String runnerName, List<String> labels) throws GitHubException {
        if (!InstanceName.belongsTo(runnerName, prefix)) {
            throw new IllegalArgumentException("runner name " + runnerName + " does not belong to prefix " + prefix);
        }
        List<String> uniqueLabels = uniqueLabels(labels);
        return operation(CallKind.GENERATE_JIT_CONFIG, () -> {
            long groupId = runnerGroupId();
            String path = scope.basePath() + "/actions/runners/generate-jitconfig";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", runnerName);
            body.put("runner_group_id", groupId);
            body.put("labels", uniqueLabels);
            // Sent again only once a lookup found no registration of the name left behind.
            boolean[] nothingLeft = {false};
            return registrationRetrier.call(e -> nothingLeft[0] && isTransient(e),
                    (GitHubException e, int next, Duration pause) -> {
                        counters.retry(CallKind.GENERATE_JIT_CONFIG);
                        LOG.info("JIT registration of {} failed ({}) and left nothing behind; sending it again in {} ms",
                                runnerName, e.kind(), pause.toMillis());
                    }, attempt -> {
                        nothingLeft[0] = false;
                        try {
                            RawApiCall.Response response = sendOnce(CallKind.GENERATE_JIT_CONFIG, "POST", path, body,
                                    Map.of());
                            return ResponseParsers.jitConfig(JsonFields.parse(response.body(), "POST " + path),
                                    runnerName, "POST " + path);
                        } catch (GitHubException.NotFound e) {
                            // The group may have been deleted or recreated: look it up again next time.
                            runnerGroupId = null;
                            throw e;
                        } catch (GitHubException e) {
                            if (mayHaveRegistered(e, attempt > 1)) {
                                removeUnusableRegistration(runnerName, e);
                                nothingLeft[0] = true;
                            }
                            throw e;
                        }
                    });
        });
    }

    /**
     * Whether GitHub may have registered the runner although we got no usable answer: the answer was
     * lost, came from a failing server or could not be read; or, for a second send, GitHub said the
     * name was taken (by the first send, landing late).
     */
    private static boolean mayHaveRegistered(GitHubException failure, boolean resent) {
        return isTransient(failure) || failure instanceof GitHubException.InvalidResponse
                || (resent && failure instanceof GitHubException.Rejected rejected && rejected.status() == 409);
    }

    /** Deletes a registration of this name whose config we never got; throws {@code failure} if that cannot be done. */
    private void removeUnusableRegistration(String runnerName, GitHubException failure) throws GitHubException {
        try {
            Optional<GitHubRunner> made = findRunner(runnerName);
            if (made.isEmpty()) {
                return;
            }
            DeleteResult result = deleteRunner(made.get().id());
            if (result == DeleteResult.BUSY) {
                throw new GitHubException.Rejected("runner " + runnerName + " is running a job", 422);
            }
            LOG.warn("JIT registration of {} failed ({}) but GitHub registered it (id {}); removed it",
                    runnerName, failure.kind(), made.get().id());
        } catch (GitHubException lookup) {
            failure.addSuppressed(lookup);
            LOG.warn("JIT registration of {} failed ({}) and could not be checked ({}); if it was made, the cleanup of "
                    + "runners without a VM removes it", runnerName, failure.kind(), lookup.kind());
            throw failure;
        }
    }

    /** The runner of this exact name, if GitHub has it ({@code ?name=} filter). */
    private Optional<GitHubRunner> findRunner(String runnerName) throws GitHubException {
        return operation(CallKind.LIST_RUNNERS, () -> {
            String path = scope.basePath() + "/actions/runners";
            return pages(CallKind.LIST_RUNNERS, path, Map.of("name", runnerName), "runners", this::ours, null)
                    .items().stream().filter(runner -> runner.name().equals(runnerName)).findFirst();
        });
    }

    /** A workflow job; empty if GitHub does not know it (404). */
    public Optional<WorkflowJob> getJob(String owner, String repo, long jobId) throws GitHubException {
        checkId(jobId, "job");
        String path = repositoryPath(owner, repo) + "/actions/jobs/" + jobId;
        return operation(CallKind.GET_JOB, () -> {
            try {
                RawApiCall.Response response = send(CallKind.GET_JOB, "GET", path, Map.of());
                return Optional.of(ResponseParsers.job(JsonFields.parse(response.body(), "GET " + path), "GET " + path));
            } catch (GitHubException.NotFound gone) {
                return Optional.empty();
            }
        });
    }

    /** The jobs of a workflow run (latest attempt), all pages. */
    public List<WorkflowJob> listJobs(String owner, String repo, long runId) throws GitHubException {
        checkId(runId, "workflow run");
        String path = repositoryPath(owner, repo) + "/actions/runs/" + runId + "/jobs";
        return operation(CallKind.LIST_JOBS, () -> {
            return pages(CallKind.LIST_JOBS, path, Map.of(), "jobs", (items, what) -> {
                List<WorkflowJob> jobs = new ArrayList<>();
                for (JsonNode node : items) {
                    jobs.add(ResponseParsers.job(node, what));
                }
                return jobs;
            }, null).items();
        });
    }

    /**
     * Checks that the credentials reach the repository or organisation (and, for an organisation,
     * that the runner group exists), for a status message that says what is wrong.
     */
    public void verifyAccess() throws GitHubException {
        operation(CallKind.VERIFY_ACCESS, () -> {
            String path = scope.basePath();
            RawApiCall.Response response = send(CallKind.VERIFY_ACCESS, "GET", path, Map.of());
            JsonFields.requireLong(JsonFields.parse(response.body(), "GET " + path), "id", "GET " + path);
            return null;
        });
        runnerGroupId();
    }

    /**
     * One request for another class of this package ({@link HookDeliveries}), with the client's
     * credentials, budget tracking, error typing and counters.
     */
    RawApiCall.Response request(CallKind kind, String method, String path, Map<String, ?> parameters)
            throws GitHubException {
        return operation(kind, () -> send(kind, method, path, parameters));
    }

    /** What the client knows of its budgets, from the headers seen so far; makes no request. */
    public RateLimitStatus rateLimit() {
        return rateLimits.status();
    }

    /** Asks {@code GET /rate_limit} (free against the primary budgets), then reports as {@link #rateLimit()}. */
    public RateLimitStatus fetchRateLimit() throws GitHubException {
        return operation(CallKind.GET_RATE_LIMIT, () -> {
            RawApiCall.Response response = send(CallKind.GET_RATE_LIMIT, "GET", "/rate_limit", Map.of());
            rateLimits.replaceBudgets(ResponseParsers.rateLimits(
                    JsonFields.parse(response.body(), "GET /rate_limit"), "GET /rate_limit"));
            return rateLimits.status();
        });
    }

    public GitHubStats stats() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "GitHubClient[" + scope + ", prefix " + prefix + "]";
    }

    private long runnerGroupId() throws GitHubException {
        if (!(scope instanceof GitHubScope.Organisation)) {
            return GitHubScope.Repository.DEFAULT_GROUP_ID;
        }
        Long cached = runnerGroupId;
        if (cached != null) {
            return cached;
        }
        GitHubScope.Organisation organisation = (GitHubScope.Organisation) scope;
        synchronized (groupLookup) {
            if (runnerGroupId == null) {
                runnerGroupId = operation(CallKind.LIST_RUNNER_GROUPS, () -> {
                    String path = scope.basePath() + "/actions/runner-groups";
                    Map<String, Long> groups = ResponseParsers.runnerGroups(pages(CallKind.LIST_RUNNER_GROUPS, path,
                            Map.of(), "runner_groups", (items, what) -> items, null).items(), "GET " + path);
                    Long exact = groups.get(organisation.group());
                    if (exact != null) {
                        return exact;
                    }
                    List<Long> sameName = groups.entrySet().stream()
                            .filter(group -> group.getKey().equalsIgnoreCase(organisation.group()))
                            .map(Map.Entry::getValue).toList();
                    if (sameName.size() == 1) {
                        return sameName.get(0);
                    }
                    throw new GitHubException.UnknownRunnerGroup(organisation.org(), organisation.group());
                });
            }
            return runnerGroupId;
        }
    }

    /** What a listing keeps of one page's items. */
    @FunctionalInterface
    private interface PageParser<T> {
        List<T> parse(List<JsonNode> items, String what) throws GitHubException;
    }

    /** The items of every page, and how many pages were read and how many of them were answered 304. */
    private record Paged<T>(List<T> items, int pages, int notModified) {}

    /**
     * Every item of a paginated list ({@code {total_count, <field>: [...]}}), following
     * {@code Link: rel="next"}. With a cache, each page is asked with the tag it had last time, and a
     * page answered 304 is taken from the cache.
     */
    private <T> Paged<T> pages(CallKind kind, String path, Map<String, Object> filter, String field,
                               PageParser<T> parser, ConditionalPages<T> cache) throws GitHubException {
        String what = "GET " + path;
        List<T> items = new ArrayList<>();
        int notModified = 0;
        int page = 1;
        for (int fetched = 1; ; fetched++) {
            Map<String, Object> query = new LinkedHashMap<>(filter);
            query.put("per_page", PER_PAGE);
            query.put("page", page);
            Optional<ConditionalPages.Page<T>> cached = cache == null ? Optional.empty() : cache.get(page);
            Map<String, String> headers = cached.map(known -> Map.of("If-None-Match", known.etag())).orElse(Map.of());
            RawApiCall.Response response = send(kind, "GET", path, query, headers);
            ConditionalPages.Page<T> current;
            if (response.status() == 304) {
                if (cached.isEmpty()) {
                    throw JsonFields.invalid(what, "304 Not Modified to a request that was not conditional");
                }
                current = cached.get();
                notModified++;
            } else {
                JsonNode body = JsonFields.parse(response.body(), what);
                JsonFields.requireLong(body, "total_count", what);
                List<JsonNode> pageItems = JsonFields.requireArray(body, field, what);
                current = new ConditionalPages.Page<>(response.etag(), parser.parse(pageItems, what), pageItems.size(),
                        response.link());
                if (cache != null) {
                    cache.put(page, current);
                }
            }
            items.addAll(current.items());
            if (current.itemCount() == 0 || !LinkHeader.hasNext(current.link())) {
                if (cache != null) {
                    cache.endAt(page);
                }
                return new Paged<>(items, fetched, notModified);
            }
            OptionalInt next = LinkHeader.nextPage(current.link());
            if (next.isEmpty() || next.getAsInt() <= page) {
                if (cache != null) {
                    cache.forget(page);
                }
                throw JsonFields.invalid(what, "the next-page link does not advance");
            }
            if (fetched == MAX_PAGES) {
                throw JsonFields.invalid(what, "more than " + MAX_PAGES + " pages");
            }
            page = next.getAsInt();
        }
    }

    private RawApiCall.Response send(CallKind kind, String method, String path, Map<String, ?> parameters)
            throws GitHubException {
        return send(kind, method, path, parameters, Map.of());
    }

    /**
     * One HTTP request of an operation; a GET or DELETE is sent again after a transient failure,
     * within the retry budget. Every attempt goes through the rate-limit check and is counted.
     */
    private RawApiCall.Response send(CallKind kind, String method, String path, Map<String, ?> parameters,
                                     Map<String, String> headers) throws GitHubException {
        if (!IDEMPOTENT.contains(method)) {
            return sendOnce(kind, method, path, parameters, headers);
        }
        return retrier.call(GitHubClient::isTransient, (GitHubException failure, int next, Duration pause) -> {
            counters.retry(kind);
            LOG.info("{} {} failed ({}), attempt {} in {} ms", method, path, failure.kind(), next, pause.toMillis());
        }, attempt -> sendOnce(kind, method, path, parameters, headers));
    }

    /** One attempt; refused locally while its budget is spent. */
    private RawApiCall.Response sendOnce(CallKind kind, String method, String path, Map<String, ?> parameters,
                                         Map<String, String> headers) throws GitHubException {
        rateLimits.checkOpen(kind);
        Call outer = current.get();
        Call call = new Call(kind);
        current.set(call);
        try {
            return RawApiCall.send(github, method, path, parameters, headers);
        } catch (IOException e) {
            throw ErrorClassifier.classify(kind, method + " " + path, e, call.last, rateLimits);
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /** Worth sending again: GitHub failed (5xx), did not answer in time, or the connection broke. */
    static boolean isTransient(GitHubException failure) {
        return failure instanceof GitHubException.ServerError || failure instanceof GitHubException.Timeout
                || failure instanceof GitHubException.Transport;
    }

    /** Transport listener: runs on the requesting thread for every response of the main channel. */
    private void onResponse(GitHubConnectorRequest request, Exchange exchange) {
        Call call = current.get();
        if (call != null) {
            call.last = exchange;
            counters.request(call.kind, exchange.status(), exchange.remaining());
            rateLimits.observe(call.kind, exchange);
        }
        if (exchange.status() == 401 && appAuthorization != null) {
            // github-api asks for credentials again after a 401 and retries if they changed.
            appAuthorization.onUnauthorized(request.header("Authorization"));
        }
    }

    private <T> T operation(CallKind kind, Operation<T> operation) throws GitHubException {
        counters.call(kind);
        try {
            return operation.run();
        } catch (GitHubException e) {
            counters.error(kind, e.kind());
            throw e;
        }
    }

    private static GitHub connect(String apiUrl, HttpTransport transport, AuthorizationProvider authorization) {
        try {
            return new GitHubBuilder()
                    .withEndpoint(apiUrl)
                    .withConnector(transport)
                    .withAuthorizationProvider(authorization)
                    .withRateLimitHandler(FailFastLimitHandlers.RATE_LIMIT)
                    .withAbuseLimitHandler(FailFastLimitHandlers.SECONDARY_LIMIT)
                    .build();
        } catch (IOException e) {
            // Building makes no request with these providers.
            throw new UncheckedIOException("cannot set up the GitHub client", e);
        }
    }

    private static List<java.util.logging.Logger> capLibraryLogging() {
        List<java.util.logging.Logger> loggers = List.of(java.util.logging.Logger.getLogger("org.kohsuke.github"),
                java.util.logging.Logger.getLogger("org.kohsuke.github.GitHubClient"));
        loggers.forEach(logger -> logger.setLevel(java.util.logging.Level.INFO));
        return loggers;
    }

    static List<String> uniqueLabels(List<String> labels) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("blank runner label");
            }
            unique.putIfAbsent(label.trim().toLowerCase(Locale.ROOT), label.trim());
        }
        if (unique.isEmpty() || unique.size() > MAX_LABELS) {
            throw new IllegalArgumentException("a runner needs 1 to " + MAX_LABELS + " labels, got " + unique.size());
        }
        return List.copyOf(unique.values());
    }

    private static String repositoryPath(String owner, String repo) {
        return "/repos/" + GitHubScope.checkName(owner, "owner") + "/" + GitHubScope.checkName(repo, "repository");
    }

    private static void checkId(long id, String what) {
        if (id <= 0) {
            throw new IllegalArgumentException("invalid " + what + " id " + id);
        }
    }

    private static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("a runner name prefix is needed");
        }
        InstanceName.generate(prefix); // throws if no name would fit
        return prefix;
    }

    private static String apiUrl(String url) {
        String value = url == null || url.isBlank() ? "https://api.github.com" : url.trim();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        // Never echo a URL with user info: it could hold a password.
        String shown = value.contains("@") ? "(URL with user info)" : value;
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid GitHub API URL: " + shown);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("invalid GitHub API URL: " + shown);
        }
        return value;
    }
}
