package githubrunner.contract;

import java.util.List;

/**
 * How a reactive consumer asks its unit's runner manager for runners, over the manager's local
 * HTTP API (bearer token as for every other route). The manager alone decides how many runners
 * exist: desired = clamp(max(base, busy runners) + open requests, max-total-virtual-machines).
 *
 * <ul>
 *   <li>{@code PUT /reactive/jobs/{jobId}} with a {@link RunnerRequest}: this queued job needs a
 *       runner. Idempotent; repeat it before {@code leaseSeconds} pass to keep the request open
 *       (a consumer that dies stops renewing, and its requests lapse). Answer: {@link RequestState}.
 *   <li>{@code DELETE /reactive/jobs/{jobId}}: the job was picked up, finished or dropped; the
 *       request closes. Answer 204, also when no such request is open.
 *   <li>{@code GET /reactive/jobs}: the open requests, a {@link RequestList}.
 * </ul>
 */
public final class ReactiveApi {
    public static final String JOBS_PATH = "/reactive/jobs";

    private ReactiveApi() {}

    /**
     * @param jobUrl the job's REST URL, as the webhook gave it
     * @param labels the job's labels
     * @param leaseSeconds how long the request stays open without being repeated
     */
    public record RunnerRequest(String jobUrl, List<String> labels, int leaseSeconds) {}

    /**
     * @param jobId the job the request is for
     * @param open requests open on this unit, this one included
     * @param capacity how many of them can have a runner now: max-total minus runners not serving a request
     */
    public record RequestState(long jobId, int open, int capacity) {}

    public record RequestList(List<Long> jobIds) {}
}
