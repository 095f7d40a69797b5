package githubrunner.sim.juju;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One hook-tool executable of the emulator: {@code HookToolMain <tool> [args...]}. Like Juju's
 * jujuc it only works inside a running hook: it needs {@code JUJU_CONTEXT_ID}, and where real
 * tools reach the unit agent through {@code JUJU_AGENT_SOCKET_ADDRESS}, these read and write the
 * state file named by {@code JUJU_LOCAL_STATE_FILE}.
 */
public final class HookToolMain {
    public static final String STATE_FILE_VARIABLE = "JUJU_LOCAL_STATE_FILE";

    private HookToolMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--train")) {
            train(Path.of(args[1]));
            return;
        }
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, System.getenv(), System.in, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    /**
     * The workload recorded into the tools' class-data archive: a few typical calls against a
     * scratch state in {@code dir}, so later tool JVMs start with those classes mapped.
     */
    static void train(Path dir) throws IOException {
        Path charmDir = Files.createDirectories(dir.resolve("charm"));
        Files.writeString(charmDir.resolve("config.yaml"), "options:\n  path: {type: string, default: \"\"}\n");
        StateStore store = new StateStore(dir.resolve("state.json"));
        store.update(state -> {
            state.activeContext = "training";
            return null;
        });
        Map<String, String> env = Map.of("JUJU_CONTEXT_ID", "training", STATE_FILE_VARIABLE, store.file().toString(),
                "JUJU_CHARM_DIR", charmDir.toString());
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        InputStream stdin = new ByteArrayInputStream("{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8));
        for (String[] call : new String[][] {
            {"config-get", "--format=json"}, {"status-set", "--", "active", "ok"}, {"relation-ids", "--format=json", "image"},
            {"state-set", "--file", "-"}, {"state-get", "--format=json"}, {"juju-log", "--log-level", "INFO", "--", "m"},
            {"is-leader", "--format=json"}, {"secret-get", "--format=json", "--", "secret:none"}}) {
            run(call, env, stdin, sink, sink);
        }
    }

    static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("ERROR usage: <tool> [arguments]");
            return 2;
        }
        String name = args[0];
        HookTools.Tool tool = HookTools.ALL.get(name);
        if (tool == null) {
            err.println("ERROR unknown hook tool \"" + name + "\"");
            return 2;
        }
        String context = env.getOrDefault("JUJU_CONTEXT_ID", "");
        String stateFile = env.getOrDefault(STATE_FILE_VARIABLE, "");
        if (context.isEmpty()) {
            err.println("ERROR JUJU_CONTEXT_ID not set");
            return 1;
        }
        if (stateFile.isEmpty()) {
            err.println("ERROR JUJU_AGENT_SOCKET_ADDRESS not set");
            return 1;
        }
        StateStore store = new StateStore(Path.of(stateFile));
        try {
            if (!context.equals(store.read().activeContext)) {
                throw ToolError.runtime("bad request: bad context: " + context);
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            ToolArgs parsed = ToolArgs.parse(rest, tool.spec());
            out.print(tool.run(new ToolCall(name, parsed, env, store, stdin)));
            return 0;
        } catch (ToolError e) {
            err.println("ERROR " + e.getMessage());
            return e.exitCode;
        }
    }
}
