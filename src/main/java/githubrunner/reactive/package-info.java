/**
 * Reactive runners: jobs the webhook router queues in MongoDB, in kombu's format, become runner
 * requests to the unit's manager.
 *
 * <h2>For the manager</h2>
 * <pre>
 * // start (and, on a new configuration or rotated credentials, restart) the unit's consumers
 * ConsumerSupervisor consumers = new ConsumerSupervisor(
 *         ConsumerSupervisor.Options.defaults(stateDir.resolve("consumer.yaml"), logDir.resolve("consumers.log")),
 *         Clock.systemUTC());
 * consumers.start(ConsumerConfig.fromManager(managerConfig, ConsumerConfig.Limits.defaults()), 2);
 * ConsumerSupervisor.Status status = consumers.status();  // running, crashLoop + problem, per-consumer RSS
 * consumers.stop();                                       // flush, relation broken: claims given back
 * long queued = new MessageQueue(db, QueueOptions.defaults(queue), "status", clock).size();
 * </pre>
 * Each consumer asks the manager for runners through {@link githubrunner.contract.ReactiveApi}
 * ({@code PUT}/{@code DELETE /reactive/jobs/{id}}, JSON {@code {job_url, labels, lease_seconds}},
 * answered {@code {job_id, open, capacity}}; {@code GET /reactive/jobs} tells it the manager is
 * back), with the manager's bearer token, and claims more messages only while
 * {@code open < capacity}.
 *
 * <h2>In MongoDB</h2>
 * <ul>
 *   <li>{@code messages} (kombu's): a document is claimed with {@code claimed_by},
 *       {@code claimed_until} (a date) and {@code claims}, renewed every third of the lease (30 s),
 *       deleted when its job was picked up; a failed attempt rewrites its kombu {@code payload}
 *       with {@code X-Process-Count} and {@code redelivered} and backs off through
 *       {@code claimed_until}; after 5 the message goes to the dead letters.
 *   <li>{@code github-runner.jobs}: one entry per job ({@code _id} = API host/owner/repo/job id),
 *       serving (with a lease and the message it serves), done or dropped: duplicates are
 *       acknowledged without a runner. Pruned after 3 days.
 *   <li>{@code github-runner.dead-letters}: dropped and dead-lettered messages with the reason
 *       ({@code kind}, {@code reason}, {@code attempts}, {@code payload}).
 * </ul>
 * Only single-document operations (no transactions, TTL indexes or change streams), each with a
 * timeout ({@link githubrunner.reactive.MongoConnection}). Leases use the wall clock: the units'
 * clocks must agree to well under a lease (NTP). Samples of every document:
 * tests/unit/resources/kombu.
 */
package githubrunner.reactive;
