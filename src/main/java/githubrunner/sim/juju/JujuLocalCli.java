package githubrunner.sim.juju;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code github-runner juju-local}: drive the packed charm through the local Juju emulator by hand.
 * State lives in a work directory (default {@code .juju-local}, 0700) between invocations.
 */
public final class JujuLocalCli {
    static final String USAGE = """
            usage: github-runner juju-local [--dir DIR] <command> ...

              init [--charm FILE] [--unit NAME] [--real-host]
                                             unpack the charm (default target/github-runner.charm) for a unit and
                                             run install; host commands are recorded, not run, unless --real-host
              config KEY=VALUE... [--reset KEY]...
                                             set options (like juju config; KEY=@FILE reads the value from FILE),
                                             then run config-changed
              secret-add KEY=VALUE...        add a secret granted to the unit (KEY#file=FILE reads FILE); prints its id
              integrate ENDPOINT UNIT [KEY=VALUE...] [--app KEY=VALUE]... [--secret BAGKEY.KEY=VALUE]...
                                             relate a remote unit: created, then joined and changed. KEY=VALUE go in
                                             the unit's databag, --app ones in its application's; each --secret
                                             BAGKEY gets a secret owned by the remote application, granted to the
                                             relation, whose URI goes in the application databag under BAGKEY (as
                                             MongoDB publishes secret-user: username, password, uris)
              show-relation ENDPOINT[:ID]    both sides' databags and the relation's secrets (keys only), as JSON
              hook NAME [--set KEY=VALUE]... set options, then run one hook
              run ACTION [KEY=VALUE...]      run an action and print its results
              status [--no-update]           run update-status (unless --no-update), then print the unit's status,
                                             when update-status ran, the relations and recent log lines
              wait-for STATUS [MESSAGE] [--timeout S]
                                             run update-status every 2 s until the status is STATUS and its message
                                             matches the regular expression MESSAGE (default timeout 120 s)
              emulators start [--repo OWNER/REPO] [--boot-seconds N]
                                             start GitHub and OpenStack emulators in the background and print their
                                             settings as sh assignments: eval "$(juju-local emulators start)"
              emulators stop                 stop them

            Hooks see GITHUB_RUNNER_ROOT=DIR/root, so every file the charm writes lands there.
            """;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JujuLocalCli() {}

    public static int run(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        if (args.contains("--help") || args.contains("-h") || (!args.isEmpty() && args.get(0).equals("help"))) {
            System.out.print(USAGE);
            return 0;
        }
        Path dir = Path.of(".juju-local");
        if (args.size() >= 2 && args.get(0).equals("--dir")) {
            dir = Path.of(args.get(1));
            args = args.subList(2, args.size());
        }
        if (args.isEmpty()) {
            System.err.print(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "init" -> init(dir, rest);
                case "config" -> config(JujuLocal.open(dir), rest);
                case "secret-add" -> {
                    System.out.println(JujuLocal.open(dir).addSecret(CliValues.secret(rest)));
                    yield 0;
                }
                case "integrate" -> integrate(JujuLocal.open(dir), rest);
                case "show-relation" -> showRelation(JujuLocal.open(dir), rest);
                case "hook" -> hook(JujuLocal.open(dir), rest);
                case "run" -> action(JujuLocal.open(dir), rest);
                case "status" -> StatusCommand.status(JujuLocal.open(dir), !rest.contains("--no-update"));
                case "wait-for" -> waitFor(JujuLocal.open(dir), rest);
                case "emulators" -> EmulatorsCommand.run(dir, rest);
                default -> {
                    System.err.println("juju-local: unknown command '" + command + "' (juju-local --help lists them)");
                    yield 2;
                }
            };
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            System.err.println("juju-local: " + e.getMessage());
            return 1;
        }
    }

    private static int init(Path dir, List<String> args) throws IOException {
        Path charm = Path.of("target/github-runner.charm");
        String unit = "github-runner/0";
        boolean realHost = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--charm" -> charm = Path.of(value(args, ++i));
                case "--unit" -> unit = value(args, ++i);
                case "--real-host" -> realHost = true;
                default -> throw new IllegalArgumentException("unknown init option " + args.get(i));
            }
        }
        if (!Files.exists(charm)) {
            throw new IOException(charm + " not found: build it with ./mvnw -B package, or pass --charm");
        }
        JujuLocal juju = JujuLocal.create(dir, charm, unit, !realHost);
        int failed = print(juju.runHook("install"));
        System.out.println("unit " + unit + " ready in " + juju.workDir());
        return failed;
    }

    private static int config(JujuLocal juju, List<String> args) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--reset")) {
                values.put(value(args, ++i), null);
            } else {
                values.putAll(CliValues.config(List.of(args.get(i))));
            }
        }
        juju.setConfig(values);
        int failed = print(juju.runHook("config-changed"));
        printStatus(juju);
        return failed;
    }

    private static int integrate(JujuLocal juju, List<String> args) {
        if (args.size() < 2 || !args.get(1).contains("/")) {
            throw new IllegalArgumentException("usage: integrate ENDPOINT REMOTE-UNIT [KEY=VALUE...] [--app KEY=VALUE]..."
                    + " [--secret BAGKEY.KEY=VALUE]...");
        }
        String unit = args.get(1);
        List<String> unitData = new ArrayList<>();
        List<String> appData = new ArrayList<>();
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        for (int i = 2; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--app" -> appData.add(value(args, ++i));
                case "--secret" -> {
                    String pair = value(args, ++i);
                    int dot = pair.indexOf('.');
                    if (dot <= 0 || pair.indexOf('=') < dot) {
                        throw new IllegalArgumentException("--secret takes BAGKEY.KEY=VALUE, e.g. secret-user.password=...");
                    }
                    secrets.computeIfAbsent(pair.substring(0, dot), key -> new LinkedHashMap<>())
                            .putAll(CliValues.secret(List.of(pair.substring(dot + 1))));
                }
                default -> unitData.add(args.get(i));
            }
        }
        RemoteApp remote = RemoteApp.named(unit.substring(0, unit.indexOf('/')))
                .withUnit(unit, CliValues.literal(unitData)).withAppData(CliValues.literal(appData));
        for (var secret : secrets.entrySet()) {
            remote = remote.withSecret(secret.getKey(), secret.getValue());
        }
        JujuLocal.Integration integration = juju.integrate(args.get(0), remote);
        int failures = 0;
        for (JujuLocal.HookRun run : integration.runs()) {
            failures += print(run);
        }
        System.out.println("relation " + args.get(0) + ":" + integration.relationId()
                + integration.secretIds().keySet().stream().map(key -> ", secret " + key).reduce("", String::concat));
        printStatus(juju);
        return failures == 0 ? 0 : 1;
    }

    private static int showRelation(JujuLocal juju, List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: show-relation ENDPOINT[:ID]");
        }
        System.out.println(JSON.writeValueAsString(juju.relationView(args.get(0))));
        return 0;
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
            values.putAll(CliValues.config(List.of(args.get(++i))));
        }
        if (!values.isEmpty()) {
            juju.setConfig(values);
        }
        int failed = print(juju.runHook(args.get(0)));
        printStatus(juju);
        return failed;
    }

    private static int action(JujuLocal juju, List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: run ACTION [KEY=VALUE...]");
        }
        JujuLocal.ActionRun run = juju.runAction(args.get(0),
                new LinkedHashMap<>(CliValues.literal(args.subList(1, args.size()))));
        run.logs().forEach(line -> System.out.println("log: " + line));
        System.out.println("status: " + run.status() + (run.message() == null ? "" : " (" + run.message() + ")"));
        run.results().forEach((key, value) -> System.out.println(key + ": " + value));
        return "completed".equals(run.status()) ? 0 : 1;
    }

    private static int waitFor(JujuLocal juju, List<String> args) {
        List<String> positional = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(120);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--timeout")) {
                timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw new IllegalArgumentException("usage: wait-for STATUS [MESSAGE] [--timeout S]");
        }
        return StatusCommand.waitFor(juju, positional.get(0), positional.size() > 1 ? positional.get(1) : "", timeout);
    }

    private static int print(JujuLocal.HookRun run) {
        System.out.printf("%s: exit %d (%d ms)%n", run.event(), run.exitCode(), run.duration().toMillis());
        if (!run.succeeded()) {
            System.out.print(run.stderr());
        }
        return run.succeeded() ? 0 : 1;
    }

    private static void printStatus(JujuLocal juju) {
        JujuState.StatusEntry status = juju.state().status;
        System.out.println("unit status: " + status.status() + (status.message().isEmpty() ? "" : "  " + status.message()));
    }

    private static String value(List<String> args, int index) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("option " + args.get(index - 1) + " needs a value");
        }
        return args.get(index);
    }
}
