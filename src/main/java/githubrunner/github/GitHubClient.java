package githubrunner.github;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.RawApiCall;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnectorRequest;

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
 * <p>Requests go through github-api's request machinery ({@link RawApiCall}), since the library has
 * no runner endpoints; its sleeping rate-limit handlers are replaced by fail-fast ones.
 */
public final class GitHubClient {
    static final int PER_PAGE = 100;
    /** A runner group holds at most 10,000 runners: 100 pages. Beyond twice that, the server is looping. */
    static final int MAX_PAGES = 200;
    static final int MAX_LABELS = 100;
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
        return operation(CallKind.LIST_RUNNERS, () -> {
            String path = scope.basePath() + "/actions/runners";
            Map<Long, GitHubRunner> ours = new LinkedHashMap<>();
            for (JsonNode node : pages(CallKind.LIST_RUNNERS, path, "runners")) {
                GitHubRunner runner = ResponseParsers.runner(node, "GET " + path);
                // A runner moving between pages during the listing can show up twice.
                if (InstanceName.belongsTo(runner.name(), prefix)) {
                    ours.putIfAbsent(runner.id(), runner);
                }
            }
            return List.copyOf(ours.values());
        });
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
            RawApiCall.Response response;
            try {
                response = send(CallKind.GENERATE_JIT_CONFIG, "POST", path, body);
            } catch (GitHubException.NotFound e) {
                // The group may have been deleted or recreated: look it up again next time.
                runnerGroupId = null;
                throw e;
            }
            return ResponseParsers.jitConfig(JsonFields.parse(response.body(), "POST " + path), runnerName,
                    "POST " + path);
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
            List<WorkflowJob> jobs = new ArrayList<>();
            for (JsonNode node : pages(CallKind.LIST_JOBS, path, "jobs")) {
                jobs.add(ResponseParsers.job(node, "GET " + path));
            }
            return List.copyOf(jobs);
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
                    Map<String, Long> groups = ResponseParsers.runnerGroups(
                            pages(CallKind.LIST_RUNNER_GROUPS, path, "runner_groups"), "GET " + path);
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

    /** Every item of a paginated list ({@code {total_count, <field>: [...]}}), following {@code Link: rel="next"}. */
    private List<JsonNode> pages(CallKind kind, String path, String field) throws GitHubException {
        String what = "GET " + path;
        List<JsonNode> items = new ArrayList<>();
        int page = 1;
        for (int fetched = 1; ; fetched++) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("per_page", PER_PAGE);
            query.put("page", page);
            RawApiCall.Response response = send(kind, "GET", path, query);
            JsonNode body = JsonFields.parse(response.body(), what);
            JsonFields.requireLong(body, "total_count", what);
            List<JsonNode> pageItems = JsonFields.requireArray(body, field, what);
            items.addAll(pageItems);
            if (pageItems.isEmpty() || !LinkHeader.hasNext(response.link())) {
                return items;
            }
            OptionalInt next = LinkHeader.nextPage(response.link());
            if (next.isEmpty() || next.getAsInt() <= page) {
                throw JsonFields.invalid(what, "the next-page link does not advance");
            }
            if (fetched == MAX_PAGES) {
                throw JsonFields.invalid(what, "more than " + MAX_PAGES + " pages");
            }
            page = next.getAsInt();
        }
    }

    /** One HTTP request of an operation; refused locally while its budget is spent. */
    private RawApiCall.Response send(CallKind kind, String method, String path, Map<String, ?> parameters)
            throws GitHubException {
        rateLimits.checkOpen(kind);
        Call outer = current.get();
        Call call = new Call(kind);
        current.set(call);
        try {
            return RawApiCall.send(github, method, path, parameters);
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

    /** Transport listener: runs on the requesting thread for every response of the main channel. */
    private void onResponse(GitHubConnectorRequest request, Exchange exchange) {
        Call call = current.get();
        if (call != null) {
            call.last = exchange;
            counters.request(call.kind, exchange.remaining());
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
