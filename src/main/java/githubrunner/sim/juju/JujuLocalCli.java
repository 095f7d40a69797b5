package githubrunner.sim.juju;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code github-runner juju-local}: drive the packed charm through the local Juju emulator by hand.
 * State lives in a work directory (default {@code .juju-local}) between invocations.
 */
public final class JujuLocalCli {
    private static final String USAGE = """
            usage: github-runner juju-local [--dir DIR] <command> ...

              init [--charm FILE] [--unit NAME] [--real-host]
                                             unpack the charm (default target/github-runner.charm) for a unit;
                                             host commands are recorded, not run, unless --real-host
              config KEY=VALUE... [--reset KEY]...   set options (like juju config), then run config-changed
              secret-add KEY=VALUE...        add a secret; prints its id (use it in *-secret-id options)
              integrate ENDPOINT UNIT [KEY=VALUE...]  relate a remote unit with its databag (created, joined, changed)
              hook NAME [--set KEY=VALUE]...  set options, then run one hook
              run ACTION [KEY=VALUE...]      run an action and print its results
              status                         print status, application version and recent log lines

            Hooks see GITHUB_RUNNER_ROOT=DIR/root, so every file the charm writes lands there.
            """;

    private JujuLocalCli() {}

    public static int run(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        Path dir = Path.of(".juju-local");
        if (args.size() >= 2 && args.get(0).equals("--dir")) {
            dir = Path.of(args.get(1));
            args = args.subList(2, args.size());
        }
        if (args.isEmpty()) {
            System.err.print(USAGE);
            return 2;
        }
        try {
            String command = args.get(0);
            List<String> rest = args.subList(1, args.size());
            return switch (command) {
                case "init" -> init(dir, rest);
                case "config" -> config(open(dir), rest);
                case "secret-add" -> {
                    System.out.println(open(dir).addSecret(pairs(rest)));
                    yield 0;
                }
                case "integrate" -> integrate(open(dir), rest);
                case "hook" -> hook(open(dir), rest);
                case "run" -> action(open(dir), rest);
                case "status" -> status(open(dir));
                default -> {
                    System.err.print("unknown juju-local command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("juju-local: " + e.getMessage());
            return 1;
        }
    }

    private static JujuLocal open(Path dir) throws IOException {
        return JujuLocal.open(dir);
    }

    private static int init(Path dir, List<String> args) throws IOException {
        Path charm = Path.of("target/github-runner.charm");
        String unit = "github-runner/0";
        boolean realHost = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--charm" -> charm = Path.of(args.get(++i));
                case "--unit" -> unit = args.get(++i);
                case "--real-host" -> realHost = true;
                default -> throw new IllegalArgumentException("unknown init option " + args.get(i));
            }
        }
        if (!Files.exists(charm)) {
            throw new IOException(charm + " not found: build it with ./mvnw -B package, or pass --charm");
        }
        JujuLocal juju = JujuLocal.create(dir, charm, unit, !realHost);
        print(juju.runHook("install"));
        System.out.println("unit " + unit + " ready in " + juju.workDir());
        return 0;
    }

    private static int config(JujuLocal juju, List<String> args) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--reset")) {
                values.put(args.get(++i), null);
            } else {
                values.putAll(pairs(List.of(args.get(i))));
            }
        }
        juju.setConfig(values);
        return print(juju.runHook("config-changed"));
    }

    private static int integrate(JujuLocal juju, List<String> args) {
        if (args.size() < 2 || !args.get(1).contains("/")) {
            throw new IllegalArgumentException("usage: integrate ENDPOINT REMOTE-UNIT [KEY=VALUE...]");
        }
        String unit = args.get(1);
        int failures = 0;
        for (JujuLocal.HookRun run : juju.integrate(args.get(0), unit.substring(0, unit.indexOf('/')),
                Map.of(unit, pairs(args.subList(2, args.size()))))) {
            failures += print(run);
        }
        return failures == 0 ? 0 : 1;
    }

    private static int hook(JujuLocal juju, List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: hook NAME [--set KEY=VALUE]...");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            if (!args.get(i).equals("--set") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("unexpected '" + args.get(i) + "'; use --set KEY=VALUE");
            }
            values.putAll(pairs(List.of(args.get(++i))));
        }
        if (!values.isEmpty()) {
            juju.setConfig(values);
        }
        return print(juju.runHook(args.get(0)));
    }

    private static int action(JujuLocal juju, List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: run ACTION [KEY=VALUE...]");
        }
        JujuLocal.ActionRun run = juju.runAction(args.get(0), new LinkedHashMap<>(pairs(args.subList(1, args.size()))));
        run.logs().forEach(line -> System.out.println("log: " + line));
        System.out.println("status: " + run.status() + (run.message() == null ? "" : " (" + run.message() + ")"));
        run.results().forEach((key, value) -> System.out.println(key + ": " + value));
        return "completed".equals(run.status()) ? 0 : 1;
    }

    private static int status(JujuLocal juju) {
        JujuState state = juju.state();
        System.out.println(state.unit + "  " + state.status.status() + "  " + state.status.message());
        System.out.println("version: " + state.applicationVersion);
        int from = Math.max(0, state.logs.size() - 20);
        state.logs.subList(from, state.logs.size()).forEach(line ->
                System.out.println(line.level() + " " + line.context() + ": " + line.message()));
        return 0;
    }

    private static int print(JujuLocal.HookRun run) {
        System.out.printf("%s: exit %d (%d ms)%n", run.event(), run.exitCode(), run.duration().toMillis());
        if (!run.succeeded()) {
            System.out.print(run.stderr());
        }
        return run.succeeded() ? 0 : 1;
    }

    private static Map<String, String> pairs(List<String> args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected KEY=VALUE, got '" + arg + "'");
            }
            map.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return map;
    }
}
