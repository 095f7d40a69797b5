package githubrunner.sim.juju;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A local stand-in for one Juju unit: it unpacks a packed .charm, keeps the unit's model (config,
 * relations, secrets, status, logs) in a JSON state file, and runs the charm's real
 * {@code dispatch} as a process with Juju's environment and emulated hook tools on PATH. Changes
 * made through transactional tools are committed when the process exits 0, as Juju does.
 *
 * <p>Layout of the work directory: {@code charm/} (unpacked charm), {@code tools/} (hook tools),
 * {@code fakebin/} (optional recording host commands), {@code root/} (GITHUB_RUNNER_ROOT),
 * {@code state.json}, {@code runs/} (stdout and stderr of every hook).
 */
public final class JujuLocal {
    /** Host commands replaced by recording stand-ins; systemctl gets one that also runs services. */
    public static final List<String> FAKE_HOST_COMMANDS = List.of("useradd", "chown", "logrotate", "apt-get", "hostnamectl");
    private static final Duration HOOK_TIMEOUT = Duration.ofMinutes(10);
    private static final String JUJU_VERSION = "3.6.8";

    private final Path workDir;
    private final StateStore store;
    private final CharmSchema schema;
    private int runCounter;

    private JujuLocal(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
        this.store = new StateStore(this.workDir.resolve("state.json"));
        this.schema = CharmSchema.load(charmDir());
        this.runCounter = countRuns();
    }

    /**
     * Sets up a new unit in {@code workDir} from a packed .charm (or an unpacked charm directory).
     *
     * @param fakeHostCommands put recording stand-ins for useradd, chown, systemctl, ... first on
     *     PATH, so the charm can run unprivileged; their calls go to {@code host-commands.log}
     */
    public static JujuLocal create(Path workDir, Path charm, String unitName, boolean fakeHostCommands)
            throws IOException {
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path charmDir = dir.resolve("charm");
        if (Files.isDirectory(charm)) {
            copyTree(charm, charmDir);
        } else {
            unpack(charm, charmDir);
        }
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("runs"));
        writeTools(dir.resolve("tools"), charmDir.resolve("lib/github-runner.jar"));
        if (fakeHostCommands) {
            writeFakeHostCommands(dir.resolve("fakebin"), dir.resolve("host-commands.log"));
        }
        JujuLocal juju = new JujuLocal(dir);
        juju.store.update(state -> {
            state.unit = unitName;
            return null;
        });
        return juju;
    }

    /** Reopens a unit set up earlier by {@link #create}. */
    public static JujuLocal open(Path workDir) throws IOException {
        if (!Files.exists(workDir.resolve("state.json")) || !Files.isDirectory(workDir.resolve("charm"))) {
            throw new IOException(workDir + " holds no juju-local unit (run init first)");
        }
        return new JujuLocal(workDir);
    }

    public Path workDir() { return workDir; }
    public Path charmDir() { return workDir.resolve("charm"); }
    /** What GITHUB_RUNNER_ROOT points at: the charm's view of the host filesystem. */
    public Path rootDir() { return workDir.resolve("root"); }
    public Path stateFile() { return store.file(); }
    public Path hostCommandLog() { return workDir.resolve("host-commands.log"); }

    public JujuState state() {
        return store.read();
    }

    public String unitName() {
        return state().unit;
    }

    // --- the model: config, leadership, secrets, relations -----------------------------------------

    /** Like {@code juju config}: values are checked against config.yaml; null unsets an option. */
    public synchronized void setConfig(Map<String, ?> values) {
        Map<String, Object> checked = new LinkedHashMap<>();
        values.forEach((key, value) -> checked.put(key, schema.coerce(key, value)));
        store.update(state -> {
            checked.forEach((key, value) -> {
                if (value == null) {
                    state.config.remove(key);
                } else {
                    state.config.put(key, value);
                }
            });
            return null;
        });
    }

    public synchronized void setLeader(boolean leader) {
        store.update(state -> {
            state.leader = leader;
            return null;
        });
    }

    /** Model-level environment of every hook, such as JUJU_CHARM_HTTP_PROXY. */
    public synchronized void setModelEnvironment(String name, String value) {
        store.update(state -> {
            if (value == null) {
                state.modelEnvironment.remove(name);
            } else {
                state.modelEnvironment.put(name, value);
            }
            return null;
        });
    }

    /** Like {@code juju add-secret} + {@code juju grant-secret}: returns the secret URI. */
    public synchronized String addSecret(Map<String, String> content) {
        String id = "secret:" + xid();
        store.update(state -> {
            JujuState.SecretEntry entry = new JujuState.SecretEntry();
            entry.content.putAll(content);
            state.secrets.put(id, entry);
            return null;
        });
        return id;
    }

    /** Like {@code juju update-secret}: a new revision. */
    public synchronized void updateSecret(String id, Map<String, String> content) {
        store.update(state -> {
            JujuState.SecretEntry entry = state.secrets.get(id);
            if (entry == null) {
                throw new IllegalArgumentException("no secret " + id);
            }
            entry.content.clear();
            entry.content.putAll(content);
            entry.revision++;
            return null;
        });
    }

    public synchronized void setSecretGranted(String id, boolean granted) {
        store.update(state -> {
            state.secrets.get(id).granted = granted;
            return null;
        });
    }

    /** Adds a relation without running hooks; see {@link #integrate} for the full sequence. */
    public synchronized int addRelation(String endpoint, String remoteApp) {
        return store.update(state -> {
            JujuState.Relation relation = new JujuState.Relation();
            relation.id = state.nextRelationId++;
            relation.endpoint = endpoint;
            relation.remoteApp = remoteApp;
            state.relations.add(relation);
            return relation.id;
        });
    }

    /** Sets (adds) a remote unit's databag. */
    public synchronized void setRemoteUnitData(int relationId, String unit, Map<String, String> data) {
        store.update(state -> {
            state.relation(relationId).remoteUnits.put(unit, new LinkedHashMap<>(data));
            return null;
        });
    }

    public synchronized void setRemoteAppData(int relationId, Map<String, String> data) {
        store.update(state -> {
            state.relation(relationId).remoteAppData = new LinkedHashMap<>(data);
            return null;
        });
    }

    /** Like {@code juju integrate}: created, then joined and changed for each remote unit. */
    public synchronized List<HookRun> integrate(String endpoint, String remoteApp, Map<String, Map<String, String>> units) {
        int id = addRelation(endpoint, remoteApp);
        List<HookRun> runs = new ArrayList<>();
        runs.add(runRelationHook(id, "created", ""));
        for (var unit : units.entrySet()) {
            setRemoteUnitData(id, unit.getKey(), unit.getValue());
            runs.add(runRelationHook(id, "joined", unit.getKey()));
            runs.add(runRelationHook(id, "changed", unit.getKey()));
        }
        return runs;
    }

    /** A remote unit updates its databag: relation-changed runs. */
    public synchronized HookRun changeRemoteUnit(int relationId, String unit, Map<String, String> data) {
        setRemoteUnitData(relationId, unit, data);
        return runRelationHook(relationId, "changed", unit);
    }

    /** Like {@code juju remove-relation}: departed for each remote unit, then broken. */
    public synchronized List<HookRun> removeRelation(int relationId) {
        List<HookRun> runs = new ArrayList<>();
        for (String unit : new ArrayList<>(state().relation(relationId).remoteUnits.keySet())) {
            runs.add(runRelationHook(relationId, "departed", unit));
            store.update(state -> state.relation(relationId).remoteUnits.remove(unit));
        }
        store.update(state -> {
            state.relation(relationId).broken = true;
            return null;
        });
        runs.add(runRelationHook(relationId, "broken", ""));
        store.update(state -> state.relations.removeIf(r -> r.id == relationId));
        return runs;
    }

    // --- running hooks and actions -------------------------------------------------------------------

    /** One finished hook or action process. */
    public record HookRun(String event, int exitCode, String stdout, String stderr, Duration duration) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** A finished action: Juju's view (status, message, results) and the process's. */
    public record ActionRun(String status, String message, Map<String, Object> results, List<String> logs, HookRun process) {}

    public synchronized HookRun runHook(String hook) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "hooks/" + hook);
        env.put("JUJU_HOOK_NAME", hook);
        return run(hook, env);
    }

    /** Like Juju &lt; 2.8: runs {@code hooks/<hook>} itself, with no JUJU_DISPATCH_PATH. */
    public synchronized HookRun runLegacyHook(String hook) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_HOOK_NAME", hook);
        return run(hook, env, charmDir().resolve("hooks").resolve(hook));
    }

    public synchronized HookRun runRelationHook(int relationId, String phase, String remoteUnit) {
        JujuState.Relation relation = state().relation(relationId);
        String hook = relation.endpoint + "-relation-" + phase;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "hooks/" + hook);
        env.put("JUJU_HOOK_NAME", hook);
        env.put("JUJU_RELATION", relation.endpoint);
        env.put("JUJU_RELATION_ID", relation.key());
        env.put("JUJU_REMOTE_UNIT", phase.equals("created") || phase.equals("broken") ? "" : remoteUnit);
        env.put("JUJU_REMOTE_APP", relation.remoteApp);
        if (phase.equals("departed")) {
            env.put("JUJU_DEPARTING_UNIT", remoteUnit);
        }
        return run(hook, env);
    }

    public synchronized HookRun runSecretChanged(String secretId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "hooks/secret-changed");
        env.put("JUJU_HOOK_NAME", "secret-changed");
        env.put("JUJU_SECRET_ID", secretId);
        env.put("JUJU_SECRET_LABEL", String.valueOf(state().secrets.get(secretId).label == null ? "" : state().secrets.get(secretId).label));
        return run("secret-changed", env);
    }

    /** Like {@code juju run <unit> <action>}: parameters are checked and defaulted from actions.yaml. */
    public synchronized ActionRun runAction(String name, Map<String, Object> params) {
        Map<String, Object> checked = schema.actionParams(name, params);
        String id = store.update(state -> {
            JujuState.ActionRun action = new JujuState.ActionRun();
            action.id = Integer.toString(state.nextActionId++);
            action.name = name;
            action.params.putAll(checked);
            state.action = action;
            return action.id;
        });
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUJU_DISPATCH_PATH", "actions/" + name);
        env.put("JUJU_HOOK_NAME", "");
        env.put("JUJU_ACTION_NAME", name);
        env.put("JUJU_ACTION_UUID", id);
        env.put("JUJU_ACTION_TAG", "action-" + id);
        HookRun process = run(name, env);
        JujuState.ActionRun action = store.update(state -> {
            JujuState.ActionRun current = state.action;
            if (!process.succeeded()) {
                current.status = "failed";
                current.message = "exit status " + process.exitCode();
            } else if (!"failed".equals(current.status)) {
                current.status = "completed";
            }
            return current;
        });
        return new ActionRun(action.status, action.message, action.results, action.logs, process);
    }

    private HookRun run(String event, Map<String, String> eventEnv) {
        return run(event, eventEnv, charmDir().resolve("dispatch"));
    }

    private HookRun run(String event, Map<String, String> eventEnv, Path executable) {
        JujuState before = state();
        String context = before.unit + "-" + event + "-" + System.nanoTime();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", searchPath());
        env.put("LANG", "C.UTF-8");
        env.put("JUJU_UNIT_NAME", before.unit);
        env.put("JUJU_CHARM_DIR", charmDir().toString());
        env.put("CHARM_DIR", charmDir().toString());
        env.put("JUJU_CONTEXT_ID", context);
        env.put("JUJU_MODEL_NAME", before.model);
        env.put("JUJU_MODEL_UUID", before.modelUuid);
        env.put("JUJU_VERSION", JUJU_VERSION);
        env.put("JUJU_MACHINE_ID", "0");
        env.put("JUJU_PRINCIPAL_UNIT", "");
        env.put("JUJU_AVAILABILITY_ZONE", "");
        env.put("JUJU_AGENT_SOCKET_ADDRESS", "@" + workDir.resolve("agent.socket"));
        env.put("JUJU_AGENT_SOCKET_NETWORK", "unix");
        env.put("JUJU_API_ADDRESSES", "127.0.0.1:17070");
        for (String proxy : List.of("HTTP", "HTTPS", "FTP", "NO")) {
            env.put("JUJU_CHARM_" + proxy + "_PROXY", "");
        }
        env.putAll(before.modelEnvironment);
        env.put("GITHUB_RUNNER_ROOT", rootDir().toString());
        env.put(HookToolMain.STATE_FILE_VARIABLE, stateFile().toString());
        env.putAll(eventEnv);

        store.update(state -> {
            state.activeContext = context;
            return null;
        });
        int number = ++runCounter;
        String label = String.format("%04d-%s", number, event);
        Path stdout = workDir.resolve("runs").resolve(label + ".out");
        Path stderr = workDir.resolve("runs").resolve(label + ".err");
        long start = System.nanoTime();
        int exit;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.toString())
                    .directory(charmDir().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(HOOK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            exit = process.exitValue();
        } catch (IOException e) {
            exit = 126;
            appendQuietly(stderr, "cannot run dispatch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 130;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        boolean committed = exit == 0;
        store.update(state -> {
            state.activeContext = null;
            JujuState.Pending pending = state.pending.remove(context);
            if (committed && pending != null) {
                commit(state, pending);
            }
            return null;
        });
        return new HookRun(event, exit, readQuietly(stdout), readQuietly(stderr), duration);
    }

    private static void commit(JujuState state, JujuState.Pending pending) {
        for (JujuState.RelationWrite write : pending.relationWrites) {
            JujuState.Relation relation = state.relation(write.relationId());
            if (relation != null) {
                ToolCall.apply(write.app() ? relation.localAppData : relation.localUnitData, write.data());
            }
        }
        state.state.putAll(pending.stateSets);
        pending.stateDeletes.forEach(state.state::remove);
        for (String port : pending.openPorts) {
            if (!state.openedPorts.contains(port)) {
                state.openedPorts.add(port);
            }
        }
        state.openedPorts.removeAll(pending.closePorts);
    }

    private String searchPath() {
        List<String> path = new ArrayList<>();
        path.add(workDir.resolve("tools").toString());
        if (Files.isDirectory(workDir.resolve("fakebin"))) {
            path.add(workDir.resolve("fakebin").toString());
        }
        path.add(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        return String.join(":", path);
    }

    private int countRuns() {
        try (var files = Files.list(workDir.resolve("runs"))) {
            return (int) files.filter(f -> f.toString().endsWith(".out")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    // --- setup helpers ---------------------------------------------------------------------------------

    /** Unpacks a .charm like Juju: file modes from the zip, hooks/* made owner-executable. */
    public static void unpack(Path charm, Path target) throws IOException {
        Map<String, Integer> modes = ZipModes.read(charm);
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(charm.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the charm directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                Integer mode = modes.get(entry.getName());
                if (mode != null) {
                    Files.setPosixFilePermissions(out, permissions(mode));
                }
                if (entry.getName().startsWith("hooks/")) {
                    Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(out));
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(out, perms);
                }
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = new HashSet<>();
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path out = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(path, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * One small sh script per hook tool, each starting the emulator's tool in a JVM. A class-data
     * archive recorded here first roughly halves each tool's start-up, which dominates hook time.
     */
    private static void writeTools(Path toolsDir, Path jar) throws IOException {
        Files.createDirectories(toolsDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        Path archive = recordToolsArchive(toolsDir, java, flags, jar);
        if (archive != null) {
            flags.add((archive.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        }
        String command = "exec " + quote(java) + " " + String.join(" ", flags.stream().map(JujuLocal::quote).toList())
                + " -cp " + quote(jar.toString()) + " githubrunner.sim.juju.HookToolMain ";
        for (String tool : HookTools.ALL.keySet()) {
            writeScript(toolsDir.resolve(tool), "#!/bin/sh\n" + command + tool + " \"$@\"\n");
        }
    }

    /** Returns the archive, or null if the JVM could not record one (tools then start without). */
    private static Path recordToolsArchive(Path toolsDir, String java, List<String> flags, Path jar) {
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = toolsDir.resolve(aot ? "tools.aot" : "tools.jsa");
        try {
            Path scratch = Files.createTempDirectory(toolsDir, "training");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(flags);
            command.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive);
            command.addAll(List.of("-cp", jar.toString(), "githubrunner.sim.juju.HookToolMain", "--train", scratch.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = process.waitFor(2, TimeUnit.MINUTES);
            deleteTree(scratch);
            return done && process.exitValue() == 0 && Files.isRegularFile(archive) ? archive : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Stand-ins that record their arguments and succeed; systemctl also really runs the services
     * the charm defines (see systemctl.sh), so a configured unit gets a live runner manager.
     */
    private static void writeFakeHostCommands(Path binDir, Path log) throws IOException {
        Files.createDirectories(binDir);
        for (String command : FAKE_HOST_COMMANDS) {
            writeScript(binDir.resolve(command), "#!/bin/sh\necho \"" + command + " $*\" >> " + quote(log.toString()) + "\n");
        }
        try (InputStream systemctl = JujuLocal.class.getResourceAsStream("systemctl.sh")) {
            String script = new String(systemctl.readAllBytes(), StandardCharsets.UTF_8);
            writeScript(binDir.resolve("systemctl"), script.replace("@LOG@", quote(log.toString())));
        }
    }

    /** Stops every service the systemctl stand-in started (managers), as machine shutdown would. */
    public void stopServices() throws IOException {
        Path state = rootDir().resolve("run/fake-systemd");
        if (!Files.isDirectory(state)) {
            return;
        }
        try (var pids = Files.list(state)) {
            for (Path pidFile : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy();
                    try {
                        process.onExit().get(15, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                    }
                });
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private static void writeScript(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String xid() {
        String alphabet = "0123456789abcdefghijklmnopqrstuv";
        StringBuilder id = new StringBuilder();
        java.util.Random random = new java.security.SecureRandom();
        for (int i = 0; i < 20; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void appendQuietly(Path file, String text) {
        try {
            Files.writeString(file, text + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort: the exit code already says it failed
        }
    }
}
