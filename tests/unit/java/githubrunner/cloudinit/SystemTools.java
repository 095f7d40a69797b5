package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real tools the VM scripts are checked with (sh, bash, jq, shellcheck, nft). */
final class SystemTools {
    private SystemTools() {}

    /** The result of a process run. */
    record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /** Fails, never skips, when a tool is missing: CI installs them all (.ci/install-deps). */
    static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return dir + "/" + tool;
            }
        }
        return fail(tool + " is not installed; run .ci/install-deps");
    }

    /** Runs {@code command} in {@code dir} with exactly {@code environment} and no stdin. */
    static Run run(List<String> command, Path dir, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile("process", ".out");
        Path err = Files.createTempFile("process", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            // A guard against a hung script, not a timing assertion.
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** shellcheck on a script with the given shell dialect; fails with its findings. */
    static void shellcheck(String script, String dialect, String what) throws IOException, InterruptedException {
        String shellcheck = require("shellcheck");
        Path file = Files.createTempFile("script", ".sh");
        try {
            Files.writeString(file, script);
            Run run = run(List.of(shellcheck, "--shell=" + dialect, "--severity=style", file.toString()),
                    file.getParent(), Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"));
            if (run.exitCode() != 0) {
                fail("shellcheck -s " + dialect + " finds problems in " + what + ":\n" + run.output());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
