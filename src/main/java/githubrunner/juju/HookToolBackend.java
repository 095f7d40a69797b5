package githubrunner.juju;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * {@link JujuBackend} over the real hook tools, run through commons-exec the way ops runs them
 * (reference/juju.md §2): {@code --format=json} on every reading tool, flags before positional
 * arguments, {@code --} before free text, large data as JSON on stdin with {@code --file -}.
 * Juju puts the tools on PATH for the hook's process.
 */
public final class HookToolBackend implements JujuBackend {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    /** juju-log messages above this are split by ops too: argv strings are capped near 128 KiB. */
    private static final int MAX_ARGUMENT_CHARS = 100_000;
    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final Path toolDirectory;

    /** Tools found on PATH, where Juju puts them. */
    public HookToolBackend() {
        this(null);
    }

    /** Tools taken from {@code toolDirectory} (the class-data archive's training run uses stand-ins). */
    public HookToolBackend(Path toolDirectory) {
        this.toolDirectory = toolDirectory;
    }

    /** Made on first use: a hook that only sets its status never pays for Jackson's start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public Map<String, Object> configGet() {
        return readObject(run("config-get", null, "--format=json"), OBJECT_MAP);
    }

    @Override
    public void statusSet(UnitStatus status) {
        run("status-set", null, "--", status.kind().jujuName(), status.message());
    }

    @Override
    public UnitStatus statusGet() {
        JsonNode node = readTree(run("status-get", null, "--include-data", "--format=json"));
        return new UnitStatus(UnitStatus.Kind.fromJujuName(node.path("status").asText("unknown")),
                node.path("message").asText(""));
    }

    @Override
    public void applicationVersionSet(String version) {
        run("application-version-set", null, "--", version);
    }

    @Override
    public void log(LogLevel level, String message) {
        String text = message.length() > MAX_ARGUMENT_CHARS ? message.substring(0, MAX_ARGUMENT_CHARS) + "..." : message;
        run("juju-log", null, "--log-level", level.name(), "--", text);
    }

    @Override
    public boolean isLeader() {
        return readTree(run("is-leader", null, "--format=json")).asBoolean(false);
    }

    @Override
    public List<String> relationIds(String endpoint) {
        return readObject(run("relation-ids", null, "--format=json", "--", endpoint), STRING_LIST);
    }

    @Override
    public List<String> relationList(String relationId) {
        return readObject(run("relation-list", null, "-r", relationId, "--format=json"), STRING_LIST);
    }

    @Override
    public Map<String, String> relationGet(String relationId, String unitOrApp, boolean app) {
        List<String> args = new ArrayList<>(List.of("-r", relationId));
        if (app) {
            args.add("--app");
        }
        args.addAll(List.of("--format=json", "-", unitOrApp));
        return readObject(run("relation-get", null, args.toArray(String[]::new)), STRING_MAP);
    }

    @Override
    public void relationSet(String relationId, Map<String, String> data, boolean app) {
        List<String> args = new ArrayList<>(List.of("-r", relationId));
        if (app) {
            args.add("--app");
        }
        args.addAll(List.of("--file", "-"));
        run("relation-set", toJson(data), args.toArray(String[]::new));
    }

    @Override
    public Map<String, Object> actionGet() {
        return readObject(run("action-get", null, "--format=json"), OBJECT_MAP);
    }

    @Override
    public void actionSet(Map<String, String> results) {
        if (results.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>();
        results.forEach((key, value) -> args.add(key + "=" + value));
        run("action-set", null, args.toArray(String[]::new));
    }

    @Override
    public void actionFail(String message) {
        run("action-fail", null, "--", message);
    }

    @Override
    public void actionLog(String message) {
        run("action-log", null, "--", message);
    }

    @Override
    public Map<String, String> secretGet(String secretId, boolean refresh) {
        List<String> args = new ArrayList<>();
        if (refresh) {
            args.add("--refresh");
        }
        args.addAll(List.of("--format=json", "--", secretId));
        return readObject(run("secret-get", null, args.toArray(String[]::new)), STRING_MAP);
    }

    @Override
    public Map<String, String> secretGet(String secretId, String label, boolean refresh) {
        List<String> args = new ArrayList<>(List.of("--label", label));
        if (refresh) {
            args.add("--refresh");
        }
        args.addAll(List.of("--format=json", "--", secretId));
        return readObject(run("secret-get", null, args.toArray(String[]::new)), STRING_MAP);
    }

    @Override
    public Map<String, String> stateGet() {
        return readObject(run("state-get", null, "--format=json"), STRING_MAP);
    }

    @Override
    public void stateSet(Map<String, String> values) {
        if (!values.isEmpty()) {
            run("state-set", toJson(values), "--file", "-");
        }
    }

    @Override
    public String unitGet(String key) {
        JsonNode node = readTree(run("unit-get", null, "--format=json", "--", key));
        return node.isNull() ? null : node.asText();
    }

    @Override
    public void openPort(int port, String protocol) {
        run("open-port", null, "--", port + "/" + protocol);
    }

    @Override
    public void closePort(int port, String protocol) {
        run("close-port", null, "--", port + "/" + protocol);
    }

    /** Runs one tool; returns its stdout, or throws the typed error its stderr describes. */
    private String run(String tool, String stdin, String... args) {
        CommandLine command = new CommandLine(toolDirectory == null ? tool : toolDirectory.resolve(tool).toString());
        for (String arg : args) {
            command.addArgument(arg, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, err, in));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(TOOL_TIMEOUT).get());
        executor.setExitValues(null);
        int exitCode;
        try {
            exitCode = executor.execute(command);
        } catch (IOException e) {
            throw new JujuException(tool, -1, "cannot run " + tool + ": " + e.getMessage());
        }
        if (executor.getWatchdog().killedProcess()) {
            throw new JujuException(tool, exitCode, "timed out after " + TOOL_TIMEOUT.toSeconds() + " s");
        }
        if (exitCode != 0) {
            throw JujuException.from(tool, exitCode, err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode readTree(String output) {
        try {
            return output.isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            throw new JujuException("hook tool", 0, "unreadable JSON output: " + e.getOriginalMessage());
        }
    }

    private <T> T readObject(String output, TypeReference<T> type) {
        JsonNode node = readTree(output);
        if (node.isNull() || node.isMissingNode()) {
            return Json.MAPPER.convertValue(type == STRING_LIST ? Json.MAPPER.createArrayNode() : Json.MAPPER.createObjectNode(), type);
        }
        try {
            return Json.MAPPER.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new JujuException("hook tool", 0, "unexpected JSON output: " + e.getMessage());
        }
    }

    private String toJson(Map<String, String> data) {
        try {
            return Json.MAPPER.writeValueAsString(new LinkedHashMap<>(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
