package githubrunner.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import githubrunner.cloudinit.RunnerBootstrap;
import githubrunner.cloudinit.Templates;
import githubrunner.cloudinit.UserDataException;
import githubrunner.cloudinit.UserDataRenderer;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code github-runner cloud-init}: prints the user data a runner VM of this unit would receive,
 * so an operator can read exactly what their VMs run. Without {@code --jit-config} the runner's
 * JIT config is a placeholder; with it, the output holds that credential, as the VM would.
 */
public final class CloudInitCli {
    static final String USAGE = """
            usage: github-runner cloud-init --config MANAGER_CONFIG [--runner-name NAME] [--jit-config JIT_CONFIG] [--templates DIR]

            Prints the user data (cloud-init script) of a runner VM of the unit whose manager config is given.
              --runner-name  the VM's name, <prefix>-<12 hex> (default: a new one)
              --jit-config   the runner's encoded JIT config (default: a placeholder)
              --templates    the templates directory (default: $JUJU_CHARM_DIR/templates, else those in the jar)
            """;
    static final String JIT_PLACEHOLDER = "PLACEHOLDER-encoded_jit_config";
    private static final List<String> OPTIONS = List.of("--config", "--runner-name", "--jit-config", "--templates");

    private CloudInitCli() {}

    public static int run(String[] args) {
        return run(args, System.out, System.err, System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (List.of(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                err.print("unexpected argument '" + printable(args[i]) + "'\n" + USAGE);
                return 2;
            }
            options.put(args[i], args[++i]);
        }
        if (!options.containsKey("--config")) {
            err.print(USAGE);
            return 2;
        }
        ManagerConfig config;
        Templates templates;
        try {
            config = ManagerConfigFile.read(Path.of(options.get("--config")));
            templates = options.containsKey("--templates")
                    ? Templates.fromDirectory(Path.of(options.get("--templates")))
                    : Templates.locate(environment);
        } catch (JsonProcessingException e) {
            // Only where: Jackson's messages may quote values, and the file holds credentials.
            var where = e.getLocation();
            err.println("error: the manager config is not valid" + (where == null ? "" : " (line " + where.getLineNr()
                    + ", column " + where.getColumnNr() + ")"));
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read " + e.getMessage());
            return 1;
        }
        if (config.vm() == null || config.prefix() == null) {
            err.println("error: the manager config has no prefix or vm settings");
            return 1;
        }
        Optional<InstanceName> name = options.containsKey("--runner-name")
                ? InstanceName.parse(options.get("--runner-name"), config.prefix())
                : Optional.of(InstanceName.generate(config.prefix()));
        if (name.isEmpty()) {
            err.println("error: runner name '" + printable(options.get("--runner-name")) + "' is not "
                    + config.prefix() + "-<12 hex digits>");
            return 2;
        }
        List<String> labels = config.runners() == null || config.runners().labels() == null
                ? List.of() : config.runners().labels();
        RunnerBootstrap bootstrap = new RunnerBootstrap(name.get(),
                Secret.of(options.getOrDefault("--jit-config", JIT_PLACEHOLDER)), labels);
        try {
            String userData = new UserDataRenderer(templates).render(ClientSettings.vm(config.vm()), bootstrap);
            out.print(userData);
            out.flush();
            err.println("# " + UserDataRenderer.base64Size(userData) + " of " + UserDataRenderer.NOVA_USER_DATA_LIMIT
                    + " bytes (base64) allowed by Nova");
            return 0;
        } catch (UserDataException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Control characters shown as '?', so a hostile argument cannot forge terminal output. */
    private static String printable(String text) {
        return text == null ? "null" : text.replaceAll("\\p{Cntrl}", "?");
    }
}
