package githubrunner.sim;

import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cloud a local unit can use: the GitHub and OpenStack emulators on loopback, with runner
 * agents that bring a VM's runner online when it boots. Its settings (the GitHub URL and token,
 * a clouds.yaml, the network, image and flavor) are what the charm's options need.
 */
public final class LocalCloud implements AutoCloseable {
    /** The emulator's token: any string works, this one says it is not a credential. */
    public static final String TOKEN = "local-emulator-token";
    public static final String PASSWORD = "emulated-password";

    private final GitHubEmulator github;
    private final OpenStackEmulator openstack;
    private final RunnerAgents agents;

    private LocalCloud(GitHubEmulator github, OpenStackEmulator openstack) {
        this.github = github;
        this.openstack = openstack;
        this.agents = RunnerAgents.wire(openstack, github);
    }

    /** Starts both emulators with {@code owner/repo} known to GitHub and VMs that boot in {@code bootDelay}. */
    public static LocalCloud start(String owner, String repo, Duration bootDelay) throws IOException {
        GitHubEmulator github = GitHubEmulator.builder().start().addToken(TOKEN).addRepository(owner, repo)
                .agentOnlineDelay(Duration.ofSeconds(1));
        try {
            return new LocalCloud(github, OpenStackEmulator.builder().buildDelay(bootDelay).start());
        } catch (IOException | RuntimeException e) {
            github.close();
            throw e;
        }
    }

    public GitHubEmulator github() {
        return github;
    }

    public OpenStackEmulator openstack() {
        return openstack;
    }

    public String cloudsYaml() {
        return openstack.cloudsYaml("emulated", PASSWORD);
    }

    /**
     * The settings as shell variables; {@code cloudsYamlFile} is where {@link #writeSettings} put
     * the clouds.yaml (a file keeps the multi-line text out of the variable).
     */
    public Map<String, String> settings(Path cloudsYamlFile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SIM_GITHUB_API_URL", github.url());
        settings.put("SIM_GITHUB_TOKEN", TOKEN);
        settings.put("SIM_CLOUDS_YAML", cloudsYamlFile.toAbsolutePath().toString());
        settings.put("SIM_NETWORK", openstack.networks().get(0).name());
        settings.put("SIM_IMAGE_ID", openstack.images().get(0).id());
        settings.put("SIM_FLAVOR", openstack.flavors().get(0).name());
        return settings;
    }

    /**
     * Writes {@code clouds.yaml} and {@code env} (the settings as sh assignments) into {@code dir},
     * owner-only, then {@code ready}: a process waiting for the cloud waits for that file.
     */
    public Map<String, String> writeSettings(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path cloudsYaml = dir.resolve("clouds.yaml");
        writePrivate(cloudsYaml, cloudsYaml());
        Map<String, String> settings = settings(cloudsYaml);
        writePrivate(dir.resolve("env"), shellAssignments(settings));
        writePrivate(dir.resolve("ready"), Long.toString(ProcessHandle.current().pid()) + "\n");
        return settings;
    }

    /** {@code NAME='value'} lines, for {@code eval}. */
    public static String shellAssignments(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((name, value) -> text.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return text.toString();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        agents.close();
        github.close();
        openstack.close();
    }
}
