package githubrunner.sim.github;

import githubrunner.sim.http.JsonNodes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The emulated GitHub world: repositories, organisations and their runner groups, registered
 * runners, workflow jobs. All in memory; every method holds the one lock, so state changes are
 * atomic and the emulator is thread-safe.
 */
final class EmulatorState {
    static final long DEFAULT_GROUP_ID = 1;
    static final String DEFAULT_GROUP_NAME = "Default";
    /** What a Linux x64 runner carries besides its own labels, for matching jobs. */
    static final Set<String> IMPLICIT_LABELS = Set.of("self-hosted", "linux", "x64");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SimScope> repositories = new HashMap<>();
    private final Map<String, Long> objectIds = new HashMap<>();
    private final Map<String, Organisation> organisations = new HashMap<>();
    private final TreeMap<Long, SimRunner> runners = new TreeMap<>();
    private final Map<String, Long> runnerByConfig = new HashMap<>();
    private final TreeMap<Long, SimJob> jobs = new TreeMap<>();
    private final TreeSet<Long> queued = new TreeSet<>();
    private long nextObjectId = 1;
    private long nextRunnerId = 1;
    private long nextJobId = 1;
    private long nextRunId = 1;
    private long nextGroupId = DEFAULT_GROUP_ID + 1;

    private static final class Organisation {
        final String name;
        final TreeMap<Long, String> groups = new TreeMap<>();

        Organisation(String name) {
            this.name = name;
            groups.put(DEFAULT_GROUP_ID, DEFAULT_GROUP_NAME);
        }
    }

    /** A new registration: the runner and its opaque JIT config. */
    record Registration(RunnerView runner, String encodedJitConfig) {}

    /** A job a runner has just taken; it completes after {@code duration}. */
    record Assignment(long jobId, long runnerId, Duration duration) {}

    record Group(long id, String name, boolean isDefault) {}

    enum DeleteOutcome { DELETED, NOT_FOUND, BUSY }

    enum AgentOutcome { STARTED, UNKNOWN_CONFIG, ALREADY_STARTED }

    EmulatorState(Clock clock) {
        this.clock = clock;
    }

    synchronized void addRepository(String owner, String repo) {
        SimScope scope = SimScope.repository(owner, repo);
        if (repositories.putIfAbsent(scope.key(), scope) == null) {
            objectIds.put(scope.key(), nextObjectId++);
        }
    }

    synchronized void addOrganisation(String org) {
        String key = SimScope.organisation(org).key();
        if (organisations.putIfAbsent(key, new Organisation(org)) == null) {
            objectIds.put(key, nextObjectId++);
        }
    }

    synchronized long addRunnerGroup(String org, String name) {
        Organisation organisation = organisations.get(SimScope.organisation(org).key());
        if (organisation == null) {
            throw new IllegalArgumentException("unknown organisation " + org);
        }
        if (organisation.groups.values().stream().anyMatch(name::equalsIgnoreCase)) {
            throw new IllegalArgumentException("runner group " + name + " exists");
        }
        long id = nextGroupId++;
        organisation.groups.put(id, name);
        return id;
    }

    synchronized Optional<SimScope> repository(String owner, String repo) {
        return Optional.ofNullable(repositories.get(SimScope.repository(owner, repo).key()));
    }

    synchronized Optional<SimScope> organisation(String org) {
        Organisation organisation = organisations.get(SimScope.organisation(org).key());
        return organisation == null ? Optional.empty() : Optional.of(SimScope.organisation(organisation.name));
    }

    synchronized long objectId(SimScope scope) {
        return objectIds.getOrDefault(scope.key(), 0L);
    }

    synchronized List<Group> groups(SimScope org) {
        Organisation organisation = organisations.get(org.key());
        List<Group> groups = new ArrayList<>();
        if (organisation != null) {
            organisation.groups.forEach((id, name) -> groups.add(new Group(id, name, id == DEFAULT_GROUP_ID)));
        }
        return groups;
    }

    /** Registers a runner (JIT), offline until its agent starts. */
    synchronized Registration register(SimScope scope, String name, long groupId, List<String> labels) throws ApiError {
        String groupName = groupName(scope, groupId).orElseThrow(ApiError::notFound);
        for (SimRunner runner : runners.values()) {
            if (runner.scope.key().equals(scope.key()) && runner.name.equalsIgnoreCase(name)) {
                throw new ApiError(409, "Already exists - A runner with the name " + name + " already exists.");
            }
        }
        long id = nextRunnerId++;
        String config = newJitConfig(id, name);
        SimRunner runner = new SimRunner(id, name, scope, groupId, groupName, uniqueLabels(labels), config);
        runners.put(id, runner);
        runnerByConfig.put(config, id);
        return new Registration(runner.view(), config);
    }

    synchronized List<RunnerView> runners(SimScope scope, String exactName) {
        return runners.values().stream()
                .filter(runner -> runner.scope.key().equals(scope.key()))
                .filter(runner -> exactName == null || runner.name.equals(exactName))
                .map(SimRunner::view)
                .toList();
    }

    synchronized List<RunnerView> allRunners() {
        return runners.values().stream().map(SimRunner::view).toList();
    }

    synchronized Optional<RunnerView> runner(SimScope scope, long id) {
        SimRunner runner = runners.get(id);
        return runner == null || !runner.scope.key().equals(scope.key()) ? Optional.empty() : Optional.of(runner.view());
    }

    synchronized Optional<RunnerView> runner(long id) {
        return Optional.ofNullable(runners.get(id)).map(SimRunner::view);
    }

    synchronized DeleteOutcome delete(SimScope scope, long id) {
        SimRunner runner = runners.get(id);
        if (runner == null || !runner.scope.key().equals(scope.key())) {
            return DeleteOutcome.NOT_FOUND;
        }
        if (runner.busy) {
            return DeleteOutcome.BUSY;
        }
        deregister(runner);
        return DeleteOutcome.DELETED;
    }

    /** A runner process started with this JIT config (single use). */
    synchronized Map.Entry<AgentOutcome, Long> agentStarted(String encodedJitConfig) {
        Long id = runnerByConfig.get(encodedJitConfig);
        if (id == null) {
            return Map.entry(AgentOutcome.UNKNOWN_CONFIG, 0L);
        }
        SimRunner runner = runners.get(id);
        if (runner.agentStarted) {
            return Map.entry(AgentOutcome.ALREADY_STARTED, id);
        }
        runner.agentStarted = true;
        return Map.entry(AgentOutcome.STARTED, id);
    }

    /** The runner process connected: the runner is online and may take a job. */
    synchronized List<Assignment> online(long runnerId) {
        SimRunner runner = runners.get(runnerId);
        if (runner == null) {
            return List.of(); // deleted while its VM was booting
        }
        runner.status = "online";
        runner.os = "linux";
        return assign();
    }

    synchronized JobView queueJob(String owner, String repo, String name, List<String> labels, Duration duration,
                                  Long runId) {
        long id = nextJobId++;
        long run = runId == null ? nextRunId++ : runId;
        nextRunId = Math.max(nextRunId, run + 1);
        byte[] sha = new byte[20];
        random.nextBytes(sha);
        SimJob job = new SimJob(id, run, owner, repo, name, labels, duration, clock.instant(),
                HexFormat.of().formatHex(sha));
        jobs.put(id, job);
        queued.add(id);
        return job.view();
    }

    /** Gives queued jobs (oldest first) to idle online runners that serve the repository and match the labels. */
    synchronized List<Assignment> assign() {
        List<Assignment> started = new ArrayList<>();
        Iterator<Long> waiting = queued.iterator();
        while (waiting.hasNext()) {
            SimJob job = jobs.get(waiting.next());
            for (SimRunner runner : runners.values()) {
                if (runner.isIdleOnline() && runner.scope.serves(job.owner, job.repo) && matches(job.labels, runner.labels)) {
                    waiting.remove();
                    job.status = "in_progress";
                    job.startedAt = clock.instant();
                    job.runnerId = runner.id;
                    job.runnerName = runner.name;
                    job.runnerGroupId = runner.groupId;
                    job.runnerGroupName = runner.groupName;
                    runner.busy = true;
                    runner.jobId = job.id;
                    started.add(new Assignment(job.id, runner.id, job.duration));
                    break;
                }
            }
        }
        return started;
    }

    /** The job ran its course: success; the ephemeral runner deregisters. */
    synchronized List<Assignment> complete(long jobId) {
        SimJob job = jobs.get(jobId);
        if (job == null || !"in_progress".equals(job.status)) {
            return List.of();
        }
        job.status = "completed";
        job.conclusion = "success";
        job.completedAt = clock.instant();
        SimRunner runner = job.runnerId == null ? null : runners.get(job.runnerId);
        if (runner != null) {
            runner.busy = false;
            runner.jobId = null;
            deregister(runner);
        }
        return assign();
    }

    synchronized Optional<JobView> job(long id) {
        return Optional.ofNullable(jobs.get(id)).map(SimJob::view);
    }

    synchronized Optional<JobView> job(String owner, String repo, long id) {
        SimJob job = jobs.get(id);
        return job == null || !job.owner.equalsIgnoreCase(owner) || !job.repo.equalsIgnoreCase(repo)
                ? Optional.empty() : Optional.of(job.view());
    }

    synchronized List<JobView> jobsOfRun(String owner, String repo, long runId) {
        return jobs.values().stream()
                .filter(job -> job.runId == runId && job.owner.equalsIgnoreCase(owner) && job.repo.equalsIgnoreCase(repo))
                .map(SimJob::view)
                .toList();
    }

    synchronized List<JobView> allJobs() {
        return jobs.values().stream().map(SimJob::view).toList();
    }

    synchronized JobCounts counts() {
        int waiting = 0;
        int running = 0;
        int done = 0;
        List<Duration> queueTimes = new ArrayList<>();
        for (SimJob job : jobs.values()) {
            switch (job.status) {
                case "queued" -> waiting++;
                case "in_progress" -> running++;
                default -> done++;
            }
            if (job.startedAt != null) {
                queueTimes.add(Duration.between(job.createdAt, job.startedAt));
            }
        }
        return new JobCounts(waiting, running, done, queueTimes);
    }

    /** Job labels must all be among the runner's labels and the implicit ones, ignoring case. */
    static boolean matches(List<String> jobLabels, List<String> runnerLabels) {
        Set<String> offered = runnerLabels.stream().map(label -> label.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        offered.addAll(IMPLICIT_LABELS);
        return jobLabels.stream().allMatch(label -> offered.contains(label.toLowerCase(Locale.ROOT)));
    }

    private Optional<String> groupName(SimScope scope, long groupId) {
        if (!scope.isOrganisation()) {
            return groupId == DEFAULT_GROUP_ID ? Optional.of(DEFAULT_GROUP_NAME) : Optional.empty();
        }
        Organisation organisation = organisations.get(scope.key());
        return organisation == null ? Optional.empty() : Optional.ofNullable(organisation.groups.get(groupId));
    }

    private void deregister(SimRunner runner) {
        runners.remove(runner.id);
        runnerByConfig.remove(runner.jitConfig);
    }

    /** Opaque to clients, but the emulator can map it back: base64 of a small JSON document. */
    private String newJitConfig(long id, String name) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String json = "{\"runner_id\":" + id + ",\"runner_name\":" + JsonNodes.MAPPER.valueToTree(name)
                + ",\"nonce\":\"" + HexFormat.of().formatHex(nonce) + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> uniqueLabels(List<String> labels) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String label : labels) {
            unique.putIfAbsent(label.toLowerCase(Locale.ROOT), label);
        }
        return List.copyOf(unique.values());
    }
}
