package githubrunner.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A runner manager started as a real process ({@code github-runner manager}) from the built jar. */
public final class ManagerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path root;
    final Path log;
    final ManagerConfig config;
    private final Process process;

    private ManagerProcess(Path root, ManagerConfig config, Process process, Path log) {
        this.root = root;
        this.config = config;
        this.process = process;
        this.log = log;
    }

    /** Starts the manager with a 1 s check interval and waits for its HTTP API. */
    public static ManagerProcess start(Path root, ManagerConfig config) throws IOException, InterruptedException {
        return start(root, config, Path.of(System.getProperty("charm.jar", "target/github-runner.jar")),
                List.of("-XX:+UseSerialGC"));
    }

    /** The manager of {@code jar} (benchmarks compare builds) with these JVM options. */
    public static ManagerProcess start(Path root, ManagerConfig config, Path jar, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path configFile = root.resolve("var/lib/github-runner-manager/" + config.prefix() + "/config.yaml");
        ManagerConfigFile.write(configFile, config);
        Path log = root.resolve("manager-" + config.prefix() + "-" + System.nanoTime() + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "manager", "--config", configFile.toString(), "--check-interval", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("GITHUB_RUNNER_ROOT", root.toString());
        ManagerProcess manager = new ManagerProcess(root, config, builder.start(), log);
        manager.await("the HTTP API", Duration.ofSeconds(30), manager::healthy);
        return manager;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    boolean healthy() {
        try {
            return HTTP.send(request("/health").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(text(request(path).GET()));
    }

    /** The two lines of /status/juju. */
    public List<String> jujuStatus() throws IOException, InterruptedException {
        return List.of(text(request("/status/juju").GET()).split("\n", 2));
    }

    public JsonNode flush(boolean busy) throws IOException, InterruptedException {
        return JSON.readTree(text(request("/runner/flush?flush-busy=" + busy).POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** A drain, waited for as long as the manager may keep retrying it (its flush limit) and a bit. */
    JsonNode drain(boolean busy, String reason) throws IOException, InterruptedException {
        return JSON.readTree(text(request("/runner/drain?flush-busy=" + busy + "&reason=" + reason)
                .timeout(ManagerMain.FLUSH_LIMIT.plusMinutes(1)).POST(HttpRequest.BodyPublishers.noBody())));
    }

    String metrics() throws IOException, InterruptedException {
        return text(request("/metrics").GET());
    }

    private String text(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** With the config's bearer token, as the charm sends it. */
    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
        return config.apiToken() == null ? request : request.header("Authorization", "Bearer " + config.apiToken().reveal());
    }

    public int port() {
        return config.httpPort();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A request with the config's bearer token: method, path, JSON body (or null); answers status and body. */
    public HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition the manager should bring about; fails with the manager's log if it does not. */
    public void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("manager did not reach: " + what + (process.isAlive() ? "" : " (it exited)")
                        + "\n--- manager log ---\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /** The manager's resident memory, from /proc. */
    public long rssKiB() throws IOException {
        return rssKiB(process.pid());
    }

    /** A process's resident memory, from /proc; -1 if it does not say. */
    public static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the clean exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
