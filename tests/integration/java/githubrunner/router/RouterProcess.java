package githubrunner.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.RouterConfig;
import githubrunner.contract.RouterConfigFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A webhook router started as a real process ({@code github-runner webhook-router --config F}) from the built jar. */
final class RouterProcess implements AutoCloseable {
    static final String SECRET = "It's a Secret to Everybody";
    static final String FLAVOURS = "- large: [arm64, large]\n- x64-large: [large, x64, jammy]\n";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final Path log;
    final Path configFile;
    private final Process process;

    private RouterProcess(int port, Path log, Path configFile, Process process) {
        this.port = port;
        this.log = log;
        this.configFile = configFile;
        this.process = process;
    }

    static RouterConfig config(String unit, int port, int mongoPort, ManagerConfig.GitHub github) throws IOException {
        return new RouterConfig(RouterConfig.VERSION, unit, "127.0.0.1", port,
                Secret.of("mongodb://127.0.0.1:" + mongoPort + "/github-runner-webhook-router"), null,
                new ObjectMapper(new YAMLFactory()).readTree(FLAVOURS), "small", List.of("self-hosted", "linux"),
                Secret.of(SECRET), false, github, null, 0L, null, null, "INFO");
    }

    static RouterProcess start(Path dir, RouterConfig config, String... jvmOptions) throws IOException, InterruptedException {
        Path configFile = dir.resolve(config.unit().replace('/', '-') + ".yaml");
        RouterConfigFile.write(configFile, config);
        Path log = dir.resolve(config.unit().replace('/', '-') + "-" + System.nanoTime() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", System.getProperty("charm.jar", "target/github-runner.jar"), "webhook-router",
                "--config", configFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RouterProcess router = new RouterProcess(config.port(), log, configFile, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!router.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                router.close();
                throw new IllegalStateException("router did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return router;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean answers() {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no answer for requests in progress. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
