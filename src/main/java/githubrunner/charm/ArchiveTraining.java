package githubrunner.charm;

import githubrunner.common.HostPaths;
import githubrunner.juju.JujuBackend;
import githubrunner.juju.UnitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The workload run while the class-data archive is recorded ({@code github-runner train-archive}):
 * the hooks a unit runs most, against canned hook-tool answers and a throw-away host root, so
 * the archive holds the classes those hooks load. It touches nothing outside a temp directory.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {}

    public static void run() throws IOException {
        Path root = Files.createTempDirectory("github-runner-training");
        try {
            HostCommands commands = new HostCommands() {
                @Override
                public Result run(List<String> command) throws IOException {
                    return super.run(List.of("true"));   // loads the exec path without touching the host
                }
            };
            JujuBackend juju = new CannedJuju();
            CharmContext context = new CharmContext(juju, Map.of(), UnitIdentity.parse("github-runner/0"),
                    root.resolve("charm"), HostPaths.under(root), commands);
            Dispatcher dispatcher = new Dispatcher();
            for (String hook : List.of("config-changed", "update-status", "image-relation-changed", "update-status")) {
                dispatcher.dispatch(Event.hook(hook), context);
            }
            dispatcher.dispatch(Event.action("check-runners"), context);
            dispatcher.dispatch(Event.hook("stop"), context);
        } finally {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Hook-tool answers of a typical, correctly configured unit. */
    private static final class CannedJuju implements JujuBackend {
        @Override
        public Map<String, Object> configGet() {
            return Map.ofEntries(Map.entry("path", "example/repo"), Map.entry("group", "default"),
                    Map.entry("token", "training-not-a-token"), Map.entry("openstack-flavor", "m1.small"),
                    Map.entry("openstack-network", "net"), Map.entry("labels", "large"),
                    Map.entry("base-virtual-machines", 1), Map.entry("max-total-virtual-machines", 2),
                    Map.entry("virtual-machines", 0), Map.entry("reconcile-interval", 5),
                    Map.entry("experimental-use-aproxy", false), Map.entry("allow-external-contributor", true),
                    Map.entry("aproxy-exclude-addresses", "10.0.0.0/8"), Map.entry("aproxy-redirect-ports", "80, 443"),
                    Map.entry("runner-manager-log-level", "INFO"), Map.entry("openstack-clouds-yaml", """
                            clouds:
                              training:
                                auth:
                                  auth_url: http://127.0.0.1:5000/v3
                                  username: u
                                  password: p
                                  project_name: p
                                  user_domain_name: Default
                                  project_domain_name: Default
                                region_name: RegionOne
                            """));
        }

        @Override public void statusSet(UnitStatus status) {}
        @Override public UnitStatus statusGet() { return UnitStatus.active(""); }
        @Override public void applicationVersionSet(String version) {}
        @Override public void log(LogLevel level, String message) {}
        @Override public boolean isLeader() { return true; }
        @Override public List<String> relationIds(String endpoint) { return "image".equals(endpoint) ? List.of("image:1") : List.of(); }
        @Override public List<String> relationList(String relationId) { return List.of("image-builder/0"); }
        @Override public Map<String, String> relationGet(String relationId, String unitOrApp, boolean app) {
            return Map.of("id", "2f1b6f3c-image", "tags", "x64,jammy", "private-address", "10.0.0.2");
        }
        @Override public void relationSet(String relationId, Map<String, String> data, boolean app) {}
        @Override public Map<String, Object> actionGet() { return Map.of(); }
        @Override public void actionSet(Map<String, String> results) {}
        @Override public void actionFail(String message) {}
        @Override public void actionLog(String message) {}
        @Override public Map<String, String> secretGet(String secretId, boolean refresh) { return Map.of(); }
        @Override public Map<String, String> stateGet() { return Map.of(); }
        @Override public void stateSet(Map<String, String> values) {}
        @Override public String unitGet(String key) { return "10.0.0.1"; }
        @Override public void openPort(int port, String protocol) {}
    }
}
