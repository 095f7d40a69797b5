package githubrunner.cloudinit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner VM in a directory: the VM's filesystem under {@code root/} (the scripts are rendered
 * with that prefix), and stub system commands in {@code bin/} that record every call. The
 * scripts themselves run for real, under sh or bash, with real jq, awk, sed, date and mktemp.
 */
final class VmSandbox {
    /** Commands that would change or query the machine; everything else is the real tool. */
    static final List<String> STUBBED = List.of("snap", "nft", "systemctl", "apt-get", "su", "sudo", "hostnamectl",
            "adduser", "docker", "chown", "ip", "getent", "logger", "sleep");

    final Path dir;
    final Path root;
    /** Calls recorded by the stubs: fields ended by \u001f, records by \u001e and a newline. */
    private final Path calls;
    private final Map<String, String> environment = new HashMap<>();

    private VmSandbox(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.calls = dir.resolve("calls.jsonl");
    }

    static VmSandbox create(Path dir) throws IOException {
        VmSandbox sandbox = new VmSandbox(dir.toAbsolutePath());
        for (String path : List.of("/home/ubuntu/actions-runner", "/etc/docker", "/etc/systemd/system")) {
            Files.createDirectories(sandbox.path(path));
        }
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("bin"));
        Path stub = sandbox.install("stub", dir.resolve("stub"));
        for (String command : STUBBED) {
            Files.createSymbolicLink(dir.resolve("bin").resolve(command), stub);
        }
        sandbox.install("run.sh", sandbox.path("/home/ubuntu/actions-runner/run.sh"));
        Files.createFile(sandbox.calls);
        return sandbox;
    }

    UserDataRenderer renderer() {
        return UserDataRenderer.forSandbox(Templates.bundled(), root);
    }

    /** An environment variable for the next runs (SANDBOX_APT_FAILURES, SANDBOX_RUNNER_EXIT, ...). */
    VmSandbox env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A name the getent stub resolves. */
    VmSandbox host(String address, String name) throws IOException {
        Files.writeString(dir.resolve("hosts"), address + " " + name + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return this;
    }

    /** Runs {@code script} with {@code shell} (sh for user data, bash for the pre-job script). */
    SystemTools.Run run(String shell, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "script", ".sh");
        Files.writeString(file, script);
        return run(List.of(SystemTools.require(shell), file.toString()));
    }

    SystemTools.Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    /** Runs {@code command} with {@code extra} on top of the sandbox's environment. */
    SystemTools.Run run(List<String> command, Map<String, String> extra) throws IOException, InterruptedException {
        SystemTools.require("jq");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("HOME", path("/home/ubuntu").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("SANDBOX_DIR", dir.toString());
        env.put("SANDBOX_CALLS", calls.toString());
        env.putAll(environment);
        env.putAll(extra);
        return SystemTools.run(command, dir, env);
    }

    /** Every recorded call, in order: command name, then arguments. */
    List<List<String>> calls() throws IOException {
        List<List<String>> result = new ArrayList<>();
        for (String record : Files.readString(calls).split("\u001e\n")) {
            if (!record.isEmpty()) {
                // Each field ends with \u001f: drop the last one so an empty argument survives.
                String[] fields = record.substring(0, record.length() - 1).split("\u001f", -1);
                result.add(List.of(fields));
            }
        }
        return result;
    }

    List<List<String>> calls(String command) throws IOException {
        return calls().stream().filter(call -> call.get(0).equals(command)).toList();
    }

    /** A VM path inside the sandbox. */
    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    String read(String absolute) throws IOException {
        return Files.readString(path(absolute));
    }

    boolean exists(String absolute) {
        return Files.exists(path(absolute));
    }

    private Path install(String resource, Path target) throws IOException {
        try (InputStream in = VmSandbox.class.getResourceAsStream("/vm-sandbox/" + resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing test resource vm-sandbox/" + resource));
            }
            Files.write(target, in.readAllBytes());
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }
}
