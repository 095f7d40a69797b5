/**
 * The GitHub emulator ({@link githubrunner.sim.github.GitHubEmulator}): GitHub's runner REST API on
 * 127.0.0.1 with the shapes of the official samples, runner-agent and job simulation, rate limits,
 * App installation tokens and fault injection. Imports nothing from the production packages.
 *
 * <pre>
 * try (GitHubEmulator github = GitHubEmulator.builder().clock(clock).start()) {
 *     github.addToken("ghp_x").addRepository("octo", "repo");
 *     // point the client at github.url(); play the VM with github.agentStarted(encodedJitConfig),
 *     // the workflows with github.queueJob(owner, repo, labels, duration); read github.jobCounts()
 * }
 * </pre>
 */
package githubrunner.sim.github;
