package githubrunner.sim.github;

/**
 * Who is calling, without the credential itself.
 *
 * @param budget the rate-limit bucket: one per token, one per App installation (however many
 *     installation tokens it gets)
 * @param kind {@code pat} or {@code installation}, as logged
 */
record Identity(String budget, Access access, String kind) {}
