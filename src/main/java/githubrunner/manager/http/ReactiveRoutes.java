package githubrunner.manager.http;

import githubrunner.contract.ReactiveApi;
import githubrunner.manager.ReactiveRequests;
import java.util.regex.Pattern;

/**
 * The routes of {@link ReactiveApi}, served while MongoDB is integrated, for the unit's consumers
 * (bearer token, as every route but health and metrics). Whatever arrives is checked before it is
 * counted: a request that is not acceptable is answered 400 with the reason and changes nothing.
 */
public final class ReactiveRoutes {
    static final String JOB = ReactiveApi.JOBS_PATH + "/{jobId}";
    /** GitHub's job ids: positive, well inside a long. */
    private static final Pattern JOB_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private ReactiveRoutes() {}

    /** Adds {@code PUT} and {@code DELETE /reactive/jobs/{jobId}} and {@code GET /reactive/jobs} to {@code routes}. */
    public static Routes add(Routes routes, ReactiveRequests requests) {
        return routes
                .add("PUT", JOB, Routes.Access.TOKEN, request -> {
                    long jobId = jobId(request);
                    ReactiveApi.RunnerRequest body = request.bodyJson(ReactiveApi.RunnerRequest.class);
                    try {
                        return Answer.json(200, requests.put(jobId, body));
                    } catch (ReactiveRequests.Invalid e) {
                        throw new ApiRequest.BadRequest(e.getMessage());
                    }
                })
                .add("DELETE", JOB, Routes.Access.TOKEN, request -> {
                    requests.close(jobId(request));
                    return Answer.noContent();
                })
                .add("GET", ReactiveApi.JOBS_PATH, Routes.Access.TOKEN, request -> Answer.json(200, requests.list()));
    }

    private static long jobId(ApiRequest request) throws ApiRequest.BadRequest {
        String text = request.pathParam("jobId");
        if (!JOB_ID.matcher(text).matches()) {
            throw new ApiRequest.BadRequest("the job id must be a positive number");
        }
        return Long.parseLong(text);
    }
}
