package githubrunner.charm;

import githubrunner.juju.HookToolBackend;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The workload run while the class-data archive is recorded ({@code github-runner train-archive}):
 * the hooks a unit runs most, through the production entry point and the real hook-tool backend,
 * against stand-in tools that answer like a correctly configured unit and a stand-in manager API.
 * Host commands are replaced by {@code true}, and every file lands in a throw-away directory.
 */
public final class ArchiveTraining {
    /** One script for every tool, answering by the name it was called as. */
    private static final String TOOL = """
            #!/bin/sh
            case "${0##*/}" in
              config-get) cat <<'JSON'
            {"path":"example/repo","group":"default","token":"training-not-a-token","openstack-flavor":"m1.small",
             "openstack-network":"net","labels":"large","base-virtual-machines":1,"max-total-virtual-machines":2,
             "virtual-machines":0,"reconcile-interval":5,"experimental-use-aproxy":false,
             "allow-external-contributor":true,"aproxy-exclude-addresses":"10.0.0.0/8","aproxy-redirect-ports":"80, 443",
             "runner-manager-log-level":"INFO",
             "openstack-clouds-yaml":"clouds:\\n  t:\\n    auth:\\n      auth_url: http://127.0.0.1:5000/v3\\n      username: u\\n      password: p\\n      project_name: p\\n      user_domain_name: Default\\n      project_domain_name: Default\\n    region_name: RegionOne\\n"}
            JSON
              ;;
              relation-ids) case "$*" in *image*) echo '["image:1"]' ;; *) echo '[]' ;; esac ;;
              relation-list) echo '["image-builder/0"]' ;;
              relation-get) echo '{"id":"2f1b6f3c-image","tags":"x64,jammy","private-address":"10.0.0.2"}' ;;
              state-get|secret-get|action-get) echo '{}' ;;
              is-leader) echo 'true' ;;
            esac
            exit 0
            """;

    private ArchiveTraining() {}

    /** Answers like a healthy runner manager on an ephemeral loopback port. */
    private static HttpServer standInManager() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String body = switch (path) {
                    case "/health" -> null;
                    case "/status/juju" -> "active\n1 idle, 0 busy, 1 expected";
                    case "/runner/check" -> "{\"online\":1,\"busy\":0,\"offline\":0,\"unknown\":0,"
                            + "\"runners\":[\"github-runner-0-0123456789ab\"],\"busy_runners\":[]}";
                    default -> "{\"flushed\":0,\"runners\":[]}";
                };
                if (body == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
        return server;
    }

    public static void run() throws IOException {
        Path root = Files.createTempDirectory("github-runner-training");
        HttpServer manager = standInManager();
        try {
            // The unit's manager "runs" on the stand-in's port, so configure and update-status
            // take their real HTTP path.
            Path state = Files.createDirectories(root.resolve("var/lib/github-runner-manager/github-runner-0"));
            Files.writeString(state.resolve("http_port"), Integer.toString(manager.getAddress().getPort()));
            Path tools = Files.createDirectories(root.resolve("tools"));
            Path script = tools.resolve("tool");
            Files.writeString(script, TOOL);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            for (String name : List.of("config-get", "status-set", "juju-log", "relation-ids", "relation-list",
                    "relation-get", "relation-set", "state-get", "state-set", "secret-get", "is-leader",
                    "application-version-set", "action-get", "action-set", "action-fail", "action-log")) {
                Files.createSymbolicLink(tools.resolve(name), script);
            }
            HostCommands commands = new HostCommands() {
                @Override
                public Result run(List<String> command) throws IOException {
                    return super.run(List.of("true"));   // loads the exec path without touching the host
                }
            };
            Map<String, String> unit = Map.of("JUJU_UNIT_NAME", "github-runner/0",
                    "JUJU_CHARM_DIR", root.resolve("charm").toString(), "GITHUB_RUNNER_ROOT", root.toString());
            HookToolBackend juju = new HookToolBackend(tools);
            for (String event : List.of("hooks/update-status", "hooks/config-changed", "hooks/update-status",
                    "hooks/image-relation-changed", "actions/check-runners", "actions/flush-runners",
                    "hooks/update-status", "hooks/stop")) {
                Map<String, String> environment = new java.util.HashMap<>(unit);
                environment.put("JUJU_DISPATCH_PATH", event);
                if (event.contains("relation")) {
                    environment.putAll(Map.of("JUJU_RELATION", "image", "JUJU_RELATION_ID", "image:1",
                            "JUJU_REMOTE_UNIT", "image-builder/0", "JUJU_REMOTE_APP", "image-builder"));
                }
                Dispatcher.run(environment, "", juju, commands);
            }
        } finally {
            manager.stop(0);
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
