package githubrunner.sim.simulate;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real OpenStack given by clouds.yaml (simulate --clouds-yaml): the charm's manager works in it
 * with those credentials; the runner agents read each ACTIVE server's user data through Nova as
 * the agents' cloud (an admin's, --agent-clouds-yaml, or the same file). GitHub stays emulated.
 */
final class GivenCloud implements CloudUnderTest {
    private final GivenCloudOptions options;
    private final String cloudsYaml;
    private final NovaReader nova;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    private GivenCloud(GivenCloudOptions options, String cloudsYaml, NovaReader nova) {
        this.options = options;
        this.cloudsYaml = cloudsYaml;
        this.nova = nova;
    }

    static GivenCloud open(GivenCloudOptions options) throws IOException {
        String yaml = Files.readString(options.cloudsYaml());
        NovaReader nova = new NovaReader(SimCloudsYaml.read(options.agentCloudsYaml()));
        try {
            nova.servers("github-runner-simulate-probe"); // fail now, not after deploying, if the reader cannot read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new GivenCloud(options, yaml, nova);
    }

    @Override
    public String cloudsYaml() {
        return cloudsYaml;
    }

    @Override
    public String imageId() {
        return options.image();
    }

    @Override
    public String flavor() {
        return options.flavor();
    }

    @Override
    public String network() {
        return options.network();
    }

    private List<NovaReader.Server> list(String prefix) {
        try {
            List<NovaReader.Server> servers = nova.servers(prefix);
            servers.forEach(s -> seen.add(s.id()));
            return servers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public List<String> serverNames(String prefix) {
        return list(prefix).stream().filter(s -> !s.status().equals("DELETED")).map(NovaReader.Server::name).toList();
    }

    @Override
    public long serversCreated(String prefix) {
        return seen.size();
    }

    @Override
    public long requests() {
        return -1;
    }

    @Override
    public RunnerAgents wireAgents(GitHubEmulator github, String prefix) {
        return RunnerAgents.wire(() -> {
            List<RunnerAgents.Booted> booted = new ArrayList<>();
            for (NovaReader.Server server : list(prefix)) {
                if (server.status().equals("ACTIVE") && started.add(server.id())) {
                    booted.add(new RunnerAgents.Booted(server.userData(), () -> { }));
                }
            }
            return booted;
        }, github, 1000);
    }

    @Override
    public Optional<OpenStackEmulator> emulator() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing held open: the unit's stop hook removed its VMs
    }
}
