package githubrunner.sim.juju;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the charm's dispatch (or a legacy hook script) as one process with Juju's environment and
 * the emulated tools on PATH, keeps its stdout and stderr under {@code runs/}, and commits the
 * transactional changes it made only when it exits 0, as Juju does (reference/juju.md §1.5).
 */
final class HookRunner {
    private static final Duration HOOK_TIMEOUT = Duration.ofMinutes(10);
    private static final String JUJU_VERSION = "3.6.8";

    private final Path workDir;
    private final StateStore store;
    private int runCounter;

    HookRunner(Path workDir, StateStore store) {
        this.workDir = workDir;
        this.store = store;
        this.runCounter = countRuns();
    }

    Path charmDir() {
        return workDir.resolve("charm");
    }

    JujuLocal.HookRun dispatch(String event, Map<String, String> eventEnv) {
        return run(event, eventEnv, charmDir().resolve("dispatch"));
    }

    JujuLocal.HookRun run(String event, Map<String, String> eventEnv, Path executable) {
        JujuState before = store.read();
        String context = before.unit + "-" + event + "-" + System.nanoTime();
        Map<String, String> env = baseEnvironment(before, context);
        env.putAll(eventEnv);
        store.update(state -> {
            state.activeContext = context;
            return null;
        });
        String label = String.format("%04d-%s", ++runCounter, event);
        Path stdout = workDir.resolve("runs").resolve(label + ".out");
        Path stderr = workDir.resolve("runs").resolve(label + ".err");
        long start = System.nanoTime();
        int exit = execute(executable, env, stdout, stderr);
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        store.update(state -> {
            state.activeContext = null;
            state.lastRuns.put(event, new JujuState.RunRecord(System.currentTimeMillis(), exit));
            JujuState.Pending pending = state.pending.remove(context);
            if (exit == 0 && pending != null) {
                commit(state, pending);
            }
            return null;
        });
        return new JujuLocal.HookRun(event, exit, readQuietly(stdout), readQuietly(stderr), duration);
    }

    private Map<String, String> baseEnvironment(JujuState state, String context) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", searchPath());
        env.put("LANG", "C.UTF-8");
        env.put("JUJU_UNIT_NAME", state.unit);
        env.put("JUJU_CHARM_DIR", charmDir().toString());
        env.put("CHARM_DIR", charmDir().toString());
        env.put("JUJU_CONTEXT_ID", context);
        env.put("JUJU_MODEL_NAME", state.model);
        env.put("JUJU_MODEL_UUID", state.modelUuid);
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
        env.putAll(state.modelEnvironment);
        env.put("GITHUB_RUNNER_ROOT", workDir.resolve("root").toString());
        env.put(HookToolMain.STATE_FILE_VARIABLE, store.file().toString());
        return env;
    }

    private int execute(Path executable, Map<String, String> env, Path stdout, Path stderr) {
        ProcessBuilder builder = new ProcessBuilder(executable.toString())
                .directory(charmDir().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            appendQuietly(stderr, "cannot run dispatch: " + e.getMessage());
            return 126;
        }
        try {
            if (!process.waitFor(HOOK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();   // no hook outlives its run: its tools would act in a closed context
            Thread.currentThread().interrupt();
            return 130;
        }
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

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void appendQuietly(Path file, String text) {
        try {
            Files.writeString(file, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort: the exit code already says it failed
        }
    }
}
