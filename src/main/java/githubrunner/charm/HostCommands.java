package githubrunner.charm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Host commands (useradd, chown, systemctl, ...), found on PATH so a sandbox can put recording
 * stand-ins first. Never pass a secret as an argument: argv is visible to every local user.
 */
public class HostCommands {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** A finished command. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs a command; output is stdout and stderr together. */
    public Result run(List<String> command) throws IOException {
        CommandLine line = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(arg -> line.addArgument(arg, false));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(output));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(TIMEOUT).get());
        executor.setExitValues(null);
        int exit = executor.execute(line);
        return new Result(exit, output.toString(StandardCharsets.UTF_8).strip());
    }

    /** Runs a command that must succeed. */
    public void runChecked(List<String> command) throws IOException {
        Result result = run(command);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + result.output()));
        }
    }
}
