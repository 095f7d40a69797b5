package githubrunner.sim.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub REST endpoints the charm uses, in repository and organisation form, with GitHub's
 * order of checks: route, credentials (401), primary budget (403/429), permission (403), then the
 * endpoint itself. Every authenticated answer carries {@code x-ratelimit-*} headers; a 200 to a GET
 * carries an entity tag, and a conditional GET that matches it is answered 304 free of charge
 * ({@link EntityTags}).
 */
final class RestApi {
    private static final String SCOPE = "/(repos/[^/]+/[^/]+|orgs/[^/]+)";
    private static final int MAX_LABELS = 100;
    /** What GitHub sends with a cacheable GET: answers differ per credential. */
    private static final Map<String, String> CACHE_HEADERS = Map.of(
            "cache-control", "private, max-age=60, s-maxage=60",
            "vary", "Accept, Authorization, Cookie, X-GitHub-OTP");

    private final EmulatorState state;
    private final Credentials credentials;
    private final RateLimits rateLimits;
    private final Views views;
    private final String baseUrl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Route> routes = new ArrayList<>();

    private enum Auth { TOKEN, APP_JWT }

    @FunctionalInterface
    private interface Handler {
        Reply handle(Call call) throws ApiError;
    }

    /** @param resource the budget a call spends, or {@code null} for a free call */
    private record Route(String method, Pattern path, Auth auth, String resource, boolean needsAdmin, Handler handler) {}

    private record Call(Http.Incoming request, Matcher match) {
        String group(int index) {
            return match.group(index);
        }

        long number(int index) throws ApiError {
            try {
                return Long.parseLong(match.group(index));
            } catch (NumberFormatException e) {
                throw ApiError.notFound();
            }
        }
    }

    /** The answer and who asked ({@code pat}, {@code installation}, {@code app} or empty), for the log. */
    record Handled(Reply reply, String caller) {}

    RestApi(EmulatorState state, Credentials credentials, RateLimits rateLimits, Views views, String baseUrl,
            Clock clock, WebhookApi hooks) {
        this.state = state;
        this.credentials = credentials;
        this.rateLimits = rateLimits;
        this.views = views;
        this.baseUrl = baseUrl;
        this.clock = clock;
        String core = RateLimits.CORE;
        route("GET", "/user", Auth.TOKEN, core, false, call -> Reply.json(200, views.user()));
        route("GET", "/rate_limit", Auth.TOKEN, null, false, null);
        route("GET", "/repos/([^/]+)/([^/]+)", Auth.TOKEN, core, false, this::getRepository);
        route("GET", "/orgs/([^/]+)", Auth.TOKEN, core, false, this::getOrganisation);
        route("GET", SCOPE + "/actions/runners", Auth.TOKEN, core, true, this::listRunners);
        route("GET", SCOPE + "/actions/runners/downloads", Auth.TOKEN, core, true, this::downloads);
        route("GET", SCOPE + "/actions/runners/([0-9]+)", Auth.TOKEN, core, true, this::getRunner);
        route("DELETE", SCOPE + "/actions/runners/([0-9]+)", Auth.TOKEN, core, true, this::deleteRunner);
        route("POST", SCOPE + "/actions/runners/generate-jitconfig", Auth.TOKEN, RateLimits.RUNNER_REGISTRATION, true,
                this::generateJitConfig);
        route("POST", SCOPE + "/actions/runners/registration-token", Auth.TOKEN, RateLimits.RUNNER_REGISTRATION, true,
                this::registrationToken);
        route("POST", SCOPE + "/actions/runners/remove-token", Auth.TOKEN, core, true, this::registrationToken);
        route("GET", "/orgs/([^/]+)/actions/runner-groups", Auth.TOKEN, core, true, this::runnerGroups);
        route("GET", "/repos/([^/]+)/([^/]+)/actions/jobs/([0-9]+)", Auth.TOKEN, core, false, this::getJob);
        route("GET", "/repos/([^/]+)/([^/]+)/actions/runs/([0-9]+)/jobs", Auth.TOKEN, core, false, this::listJobs);
        route("POST", "/app/installations/([0-9]+)/access_tokens", Auth.APP_JWT, null, false, this::installationToken);
        route("POST", SCOPE + "/hooks", Auth.TOKEN, core, true, call -> hooks.create(scope(call), call.request()));
        route("GET", SCOPE + "/hooks/([0-9]+)/deliveries", Auth.TOKEN, core, true,
                call -> hooks.list(scope(call), call.number(2), call.request()));
        route("GET", SCOPE + "/hooks/([0-9]+)/deliveries/([0-9]+)", Auth.TOKEN, core, true,
                call -> hooks.get(scope(call), call.number(2), call.number(3)));
        route("POST", SCOPE + "/hooks/([0-9]+)/deliveries/([0-9]+)/attempts", Auth.TOKEN, core, true,
                call -> hooks.redeliver(scope(call), call.number(2), call.number(3)));
    }

    private void route(String method, String path, Auth auth, String resource, boolean needsAdmin, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), auth, resource, needsAdmin, handler));
    }

    Handled handle(Http.Incoming request) {
        Route route = null;
        Matcher match = null;
        for (Route candidate : routes) {
            Matcher matcher = candidate.path().matcher(request.path());
            if (candidate.method().equals(request.method()) && matcher.matches()) {
                route = candidate;
                match = matcher;
                break;
            }
        }
        if (route == null) {
            return new Handled(Reply.error(ApiError.notFound()), "");
        }
        Call call = new Call(request, match);
        if (route.auth() == Auth.APP_JWT) {
            return new Handled(answer(route, call), "app");
        }
        Identity identity;
        try {
            identity = credentials.authenticate(request.authorization());
        } catch (ApiError e) {
            return new Handled(Reply.error(e), "");
        }
        if (route.handler() == null) {
            // GET /rate_limit: free, and about the caller's budgets.
            RateLimits.Usage core = rateLimits.peek(identity.budget(), RateLimits.CORE);
            return new Handled(Reply.json(200, views.rateLimit(core,
                    rateLimits.peek(identity.budget(), RateLimits.RUNNER_REGISTRATION))).with(core.headers()),
                    identity.kind());
        }
        RateLimits.Usage usage = rateLimits.consume(identity.budget(), route.resource());
        if (usage.refused()) {
            int status = rateLimits.exhaustedStatus();
            return new Handled(Reply.json(status, Json.error(status, "API rate limit exceeded for installation or user. "
                    + "Check out the documentation for more details.")).with(usage.headers()), identity.kind());
        }
        Reply reply;
        if (route.needsAdmin() && identity.access() != Access.ADMIN) {
            reply = Reply.error(new ApiError(403, "Resource not accessible by personal access token"));
        } else {
            reply = answer(route, call);
        }
        if (request.method().equals("GET") && reply.status() == 200) {
            String etag = EntityTags.of(request.authorization(), reply.body());
            if (EntityTags.matches(request.ifNoneMatch(), etag)) {
                // Not modified: free, but the budget headers still tell where it stands.
                usage = rateLimits.refund(identity.budget(), usage);
                reply = Reply.notModified(etag);
            } else {
                reply = reply.with("etag", etag);
            }
            reply = reply.with(CACHE_HEADERS);
        }
        return new Handled(reply.with(usage.headers()), identity.kind());
    }

    private static Reply answer(Route route, Call call) {
        try {
            return route.handler().handle(call);
        } catch (ApiError e) {
            return Reply.error(e);
        }
    }

    private SimScope scope(Call call) throws ApiError {
        String[] parts = call.group(1).split("/");
        Optional<SimScope> scope = parts[0].equals("repos")
                ? state.repository(parts[1], parts[2])
                : state.organisation(parts[1]);
        return scope.orElseThrow(ApiError::notFound);
    }

    private Reply getRepository(Call call) throws ApiError {
        SimScope repo = state.repository(call.group(1), call.group(2)).orElseThrow(ApiError::notFound);
        return Reply.json(200, views.repository(repo, state.objectId(repo)));
    }

    private Reply getOrganisation(Call call) throws ApiError {
        SimScope org = state.organisation(call.group(1)).orElseThrow(ApiError::notFound);
        return Reply.json(200, views.organisation(org, state.objectId(org)));
    }

    private Reply listRunners(Call call) throws ApiError {
        SimScope scope = scope(call);
        List<RunnerView> runners = state.runners(scope, call.request().query().get("name"));
        Pagination.Page<RunnerView> page = Pagination.of(runners, call.request().query(), baseUrl + call.request().path());
        ObjectNode body = JsonNodes.object();
        body.put("total_count", runners.size());
        ArrayNode items = body.putArray("runners");
        page.items().forEach(runner -> items.add(views.runner(runner)));
        return paged(body, page);
    }

    private Reply downloads(Call call) throws ApiError {
        scope(call);
        return Reply.json(200, views.downloads());
    }

    private Reply getRunner(Call call) throws ApiError {
        RunnerView runner = state.runner(scope(call), call.number(2)).orElseThrow(ApiError::notFound);
        return Reply.json(200, views.runner(runner));
    }

    private Reply deleteRunner(Call call) throws ApiError {
        SimScope scope = scope(call);
        long id = call.number(2);
        Optional<RunnerView> runner = state.runner(scope, id);
        return switch (state.delete(scope, id)) {
            case DELETED -> Reply.noContent();
            case NOT_FOUND -> throw ApiError.notFound();
            case BUSY -> throw ApiError.unprocessable("Bad request - Runner \""
                    + runner.map(RunnerView::name).orElse(String.valueOf(id)) + "\" is still running a job\"");
        };
    }

    private Reply generateJitConfig(Call call) throws ApiError {
        SimScope scope = scope(call);
        JsonNode body = Json.parseObject(call.request().body());
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ApiError.unprocessable("Invalid request.\n\n\"name\" wasn't supplied.");
        }
        JsonNode group = body.get("runner_group_id");
        if (group == null || !group.isIntegralNumber()) {
            throw ApiError.unprocessable("Invalid request.\n\n\"runner_group_id\" wasn't supplied.");
        }
        JsonNode labels = body.get("labels");
        if (labels == null || !labels.isArray() || labels.isEmpty() || labels.size() > MAX_LABELS) {
            throw ApiError.unprocessable("Invalid request.\n\n\"labels\" must hold 1 to " + MAX_LABELS + " labels.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode label : labels) {
            if (!label.isTextual() || label.asText().isBlank()) {
                throw ApiError.unprocessable("Invalid request.\n\nFor 'items', " + label + " is not a string.");
            }
            names.add(label.asText());
        }
        JsonNode workFolder = body.get("work_folder");
        if (workFolder != null && !workFolder.isTextual()) {
            throw ApiError.unprocessable("Invalid request.\n\n\"work_folder\" is not a string.");
        }
        EmulatorState.Registration registration = state.register(scope, name.asText(), group.asLong(), names);
        ObjectNode reply = JsonNodes.object();
        reply.set("runner", views.jitRunner(registration.runner()));
        reply.put("encoded_jit_config", registration.encodedJitConfig());
        return Reply.json(201, reply);
    }

    private Reply registrationToken(Call call) throws ApiError {
        scope(call);
        StringBuilder token = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for (int i = 0; i < 29; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return Reply.json(201, views.token(token.toString(), clock.instant().plus(Duration.ofHours(1))));
    }

    private Reply runnerGroups(Call call) throws ApiError {
        SimScope org = state.organisation(call.group(1)).orElseThrow(ApiError::notFound);
        List<EmulatorState.Group> groups = state.groups(org);
        Pagination.Page<EmulatorState.Group> page = Pagination.of(groups, call.request().query(),
                baseUrl + call.request().path());
        ObjectNode body = JsonNodes.object();
        body.put("total_count", groups.size());
        ArrayNode items = body.putArray("runner_groups");
        page.items().forEach(group -> items.add(views.runnerGroup(org.org(), group)));
        return paged(body, page);
    }

    private Reply getJob(Call call) throws ApiError {
        JobView job = state.job(call.group(1), call.group(2), call.number(3)).orElseThrow(ApiError::notFound);
        return Reply.json(200, views.job(job));
    }

    private Reply listJobs(Call call) throws ApiError {
        List<JobView> jobs = state.jobsOfRun(call.group(1), call.group(2), call.number(3));
        if (jobs.isEmpty()) {
            throw ApiError.notFound();
        }
        Pagination.Page<JobView> page = Pagination.of(jobs, call.request().query(), baseUrl + call.request().path());
        ObjectNode body = JsonNodes.object();
        body.put("total_count", jobs.size());
        ArrayNode items = body.putArray("jobs");
        page.items().forEach(job -> items.add(views.job(job)));
        return paged(body, page);
    }

    private Reply installationToken(Call call) throws ApiError {
        Map.Entry<String, Credentials.Issued> issued =
                credentials.issueInstallationToken(call.request().authorization(), call.number(1));
        ObjectNode body = views.token(issued.getKey(), issued.getValue().expiresAt());
        ObjectNode permissions = body.putObject("permissions");
        permissions.put("organization_self_hosted_runners", "write");
        permissions.put("administration", "write");
        permissions.put("actions", "read");
        permissions.put("metadata", "read");
        body.put("repository_selection", "all");
        return Reply.json(201, body);
    }

    private static Reply paged(ObjectNode body, Pagination.Page<?> page) {
        Reply reply = Reply.json(200, body);
        return page.link() == null ? reply : reply.with("link", page.link());
    }
}
