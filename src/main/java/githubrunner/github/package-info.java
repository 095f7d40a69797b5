/**
 * GitHub for the runner manager: {@link githubrunner.github.GitHubClient}, built from the manager
 * config's {@code GitHub} section and the unit's name prefix.
 *
 * <pre>
 * GitHubClient github = GitHubClient.create(config.github(), config.prefix(), GitHubClientOptions.defaults());
 * List&lt;GitHubRunner&gt; ours = github.listRunners();            // this unit's runners, all pages
 * RunnerListing look = github.runnerListing();                  // the same, plus changed() and generation():
 *                                                               // pages unchanged since the last look are 304s, free
 * JitConfig jit = github.generateJitConfig(name, labels);       // runner id + Secret for run.sh --jitconfig
 * DeleteResult result = github.deleteRunner(id);                // DELETED, ALREADY_GONE or BUSY
 * Optional&lt;WorkflowJob&gt; job = github.getJob(owner, repo, jobId);
 * RateLimitStatus budget = github.rateLimit();                  // limitedUntil() for a status line
 * GitHubStats stats = github.stats();                           // per call kind, for metrics
 * </pre>
 *
 * Runner listings are conditional: each page is asked with the {@code ETag} it had last time, and a
 * page answered {@code 304 Not Modified} (not charged by GitHub) is reused, so an unchanged fleet can be
 * looked at every few seconds at no cost. GETs and DELETEs are retried after transient failures
 * within {@link githubrunner.github.GitHubClientOptions#retry()}; a JIT registration is sent again
 * only after a lookup by name proved that the failed attempt left nothing registered.
 *
 * <p>Failures are typed {@link githubrunner.github.GitHubException}s; a rate limit is reported as
 * {@link githubrunner.github.GitHubException.RateLimited} with the time calls resume, and the client
 * refuses calls locally until then. Requests go through github-api's machinery via
 * {@code org.kohsuke.github.RawApiCall}, over {@link java.net.http.HttpClient} with one deadline per
 * exchange.
 */
package githubrunner.github;
