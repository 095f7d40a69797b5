package githubrunner.sim.juju;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local stand-in for one Juju unit: it unpacks a packed .charm, keeps the unit's model (config,
 * relations, secrets, status, logs) in a JSON state file, and runs the charm's real
 * {@code dispatch} as a process with Juju's environment and emulated hook tools on PATH. Changes
 * made through transactional tools are committed when the process exits 0, as Juju does.
 *
 * <p>Layout of the work directory (0700; the state holds every secret): {@code charm/} (unpacked
 * charm), {@code tools/} (hook tools), {@code fakebin/} (optional recording host commands),
 * {@code root/} (GITHUB_RUNNER_ROOT), {@code state.json} (0600), {@code runs/} (stdout and stderr
 * of every hook).
 */
public final class JujuLocal {
    /** Host commands replaced by recording stand-ins; systemctl gets one that also runs services. */
    public static final List<String> FAKE_HOST_COMMANDS = FakeHost.COMMANDS;

    private final Path workDir;
    private final StateStore store;
    private final ModelSettings settings;
    private final Secrets secrets;
    private final Relations relations;
    private final HookRunner runner;
    private final CharmSchema schema;

    private JujuLocal(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
        this.store = new StateStore(this.workDir.resolve("state.json"));
        this.schema = CharmSchema.load(charmDir());
        this.settings = new ModelSettings(store, schema);
        this.secrets = new Secrets(store);
        this.relations = new Relations(store);
        this.runner = new HookRunner(this.workDir, store);
    }

    /**
     * Sets up a new unit in {@code workDir} from a packed .charm (or an unpacked charm directory).
     *
     * @param fakeHostCommands put recording stand-ins for useradd, chown, systemctl, ... first on
     *     PATH, so the charm can run unprivileged; their calls go to {@code host-commands.log}
     */
    public static JujuLocal create(Path workDir, Path charm, String unitName, boolean fakeHostCommands)
            throws IOException {
        Path dir = PrivateFiles.directory(workDir.toAbsolutePath());
        Path charmDir = dir.resolve("charm");
        CharmArchive.install(charm, charmDir);
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("runs"));
        ToolsInstaller.install(dir.resolve("tools"), charmDir.resolve("lib/github-runner.jar"));
        if (fakeHostCommands) {
            FakeHost.install(dir.resolve("fakebin"), dir.resolve("host-commands.log"));
        }
        JujuLocal juju = new JujuLocal(dir);
        juju.store.update(state -> {
            state.unit = unitName;
            return null;
        });
        return juju;
    }

    /** Reopens a unit set up earlier by {@link #create}; tightens a directory left readable by older versions. */
    public static JujuLocal open(Path workDir) throws IOException {
        if (!Files.exists(workDir.resolve("state.json")) || !Files.isDirectory(workDir.resolve("charm"))) {
            throw new IOException(workDir + " holds no juju-local unit (run init first)");
        }
        PrivateFiles.directory(workDir);
        PrivateFiles.file(workDir.resolve("state.json"));
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
        settings.setConfig(values);
    }

    public synchronized void setLeader(boolean leader) {
        settings.setLeader(leader);
    }

    /** Model-level environment of every hook, such as JUJU_CHARM_HTTP_PROXY; null removes it. */
    public synchronized void setModelEnvironment(String name, String value) {
        settings.setModelEnvironment(name, value);
    }

    /** Like {@code juju add-secret} + {@code juju grant-secret}: returns the secret URI. */
    public synchronized String addSecret(Map<String, String> content) {
        return secrets.add(content);
    }

    /** Like {@code juju update-secret}, or a remote owner's {@code secret-set}: a new revision. */
    public synchronized void updateSecret(String id, Map<String, String> content) {
        secrets.update(id, content);
    }

    public synchronized void setSecretGranted(String id, boolean granted) {
        secrets.setGranted(id, granted);
    }

    /** Adds a relation without running hooks; see {@link #integrate} for the full sequence. */
    public synchronized int addRelation(String endpoint, String remoteApp) {
        return relations.add(endpoint, remoteApp);
    }

    /** Sets (adds) a remote unit's databag. */
    public synchronized void setRemoteUnitData(int relationId, String unit, Map<String, String> data) {
        relations.setRemoteUnitData(relationId, unit, data);
    }

    public synchronized void setRemoteAppData(int relationId, Map<String, String> data) {
        relations.setRemoteAppData(relationId, data);
    }

    /** A secret owned by the remote application and granted to the relation; returns its URI. */
    public synchronized String addRelationSecret(int relationId, Map<String, String> content) {
        return secrets.grantToRelation(state().relation(relationId).remoteApp, relationId, content);
    }

    /** Both sides' databags and the relation's secrets (keys only) of the relation on {@code endpoint}. */
    public Map<String, Object> relationView(String endpoint) {
        return relations.view(endpoint);
    }

    // --- what Juju runs when the model changes -----------------------------------------------------

    /** A relation set up by {@link #integrate(String, RemoteApp)}. */
    public record Integration(int relationId, Map<String, String> secretIds, List<HookRun> runs) {
        public boolean succeeded() {
            return runs.stream().allMatch(HookRun::succeeded);
        }
    }

    /** Like {@code juju integrate}: created, then joined and changed for each remote unit. */
    public synchronized List<HookRun> integrate(String endpoint, String remoteApp, Map<String, Map<String, String>> units) {
        RemoteApp remote = RemoteApp.named(remoteApp);
        for (var unit : units.entrySet()) {
            remote = remote.withUnit(unit.getKey(), unit.getValue());
        }
        return integrate(endpoint, remote).runs();
    }

    /**
     * Like {@code juju integrate} with a provider: created runs first (the charm asks, e.g. for a
     * database); then the provider answers, as MongoDB's does: its secrets, granted to the
     * relation, and its application databag with their URIs; then joined and changed for each
     * remote unit (a single changed for the application data when it has no units).
     */
    public synchronized Integration integrate(String endpoint, RemoteApp remote) {
        int id = relations.add(endpoint, remote.name());
        List<HookRun> runs = new ArrayList<>();
        runs.add(runRelationHook(id, "created", ""));
        Map<String, String> appData = new LinkedHashMap<>(remote.appData());
        Map<String, String> secretIds = new LinkedHashMap<>();
        remote.secrets().forEach((bagKey, content) -> {
            String secret = secrets.grantToRelation(remote.name(), id, content);
            secretIds.put(bagKey, secret);
            appData.put(bagKey, secret);
        });
        relations.setRemoteAppData(id, appData);
        for (var unit : remote.units().entrySet()) {
            relations.setRemoteUnitData(id, unit.getKey(), unit.getValue());
            runs.add(runRelationHook(id, "joined", unit.getKey()));
            runs.add(runRelationHook(id, "changed", unit.getKey()));
        }
        if (remote.units().isEmpty() && !appData.isEmpty()) {
            runs.add(runRelationHook(id, "changed", ""));
        }
        return new Integration(id, Map.copyOf(secretIds), List.copyOf(runs));
    }

    /** A remote unit updates its databag: relation-changed runs. */
    public synchronized HookRun changeRemoteUnit(int relationId, String unit, Map<String, String> data) {
        relations.setRemoteUnitData(relationId, unit, data);
        return runRelationHook(relationId, "changed", unit);
    }

    /** The remote application updates its databag (an empty value deletes a key): relation-changed runs. */
    public synchronized HookRun changeRemoteApp(int relationId, Map<String, String> changes) {
        relations.updateRemoteAppData(relationId, changes);
        return runRelationHook(relationId, "changed", "");
    }

    /** The owner of a secret sets a new revision (e.g. MongoDB rotates a password): secret-changed runs. */
    public synchronized HookRun rotateSecret(String id, Map<String, String> content) {
        secrets.update(id, content);
        return runSecretChanged(id);
    }

    /** Like {@code juju remove-relation}: departed for each remote unit, then broken. */
    public synchronized List<HookRun> removeRelation(int relationId) {
        List<HookRun> runs = new ArrayList<>();
        for (String unit : relations.remoteUnits(relationId)) {
            runs.add(runRelationHook(relationId, "departed", unit));
            relations.removeRemoteUnit(relationId, unit);
        }
        relations.markBroken(relationId);
        runs.add(runRelationHook(relationId, "broken", ""));
        relations.remove(relationId);
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
        return runner.dispatch(hook, Events.hook(hook));
    }

    /** Like Juju &lt; 2.8: runs {@code hooks/<hook>} itself, with no JUJU_DISPATCH_PATH. */
    public synchronized HookRun runLegacyHook(String hook) {
        return runner.run(hook, Events.legacyHook(hook), charmDir().resolve("hooks").resolve(hook));
    }

    /** @param remoteUnit the remote unit, or "" (created, broken, or a change of the application databag) */
    public synchronized HookRun runRelationHook(int relationId, String phase, String remoteUnit) {
        JujuState.Relation relation = state().relation(relationId);
        return runner.dispatch(Events.relationHook(relation, phase), Events.relation(relation, phase, remoteUnit));
    }

    public synchronized HookRun runSecretChanged(String secretId) {
        return runner.dispatch("secret-changed", Events.secretChanged(secretId, secrets.label(secretId)));
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
        HookRun process = runner.dispatch(name, Events.action(name, id));
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

    /** Stops every service the systemctl stand-in started (managers), as machine shutdown would. */
    public void stopServices() throws IOException {
        FakeHost.stopServices(rootDir());
    }
}
