package githubrunner.sim.simulate;

import githubrunner.sim.RunnerAgents;
import githubrunner.sim.github.GitHubEmulator;
import githubrunner.sim.openstack.Fault;
import githubrunner.sim.openstack.FaultRule;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The OpenStack emulator as the simulation's cloud, with the simulation's fault rate. */
final class EmulatedCloud implements CloudUnderTest {
    private final OpenStackEmulator openstack;

    private EmulatedCloud(OpenStackEmulator openstack) {
        this.openstack = openstack;
    }

    static EmulatedCloud start(SimulationOptions options) throws IOException {
        OpenStackEmulator openstack = OpenStackEmulator.builder().buildDelay(options.bootDelay()).seed(options.seed()).start();
        if (options.faultRate() > 0) {
            openstack.faults().add(FaultRule.on("*", "/compute/.*").probability(options.faultRate())
                    .inject(Fault.status(503)));
        }
        return new EmulatedCloud(openstack);
    }

    @Override
    public String cloudsYaml() {
        return openstack.cloudsYaml("simulated", "emulated-password");
    }

    @Override
    public String imageId() {
        return openstack.images().get(0).id();
    }

    @Override
    public String flavor() {
        return "m1.small";
    }

    @Override
    public String network() {
        return openstack.networks().get(0).name();
    }

    @Override
    public List<String> serverNames(String prefix) {
        return openstack.servers().stream().map(server -> server.name()).toList();
    }

    @Override
    public long serversCreated(String prefix) {
        // a create answered with an error (a fault) made no server
        return openstack.requests().matching("POST", ".*/servers").stream()
                .filter(request -> request.status() >= 200 && request.status() < 300).count();
    }

    @Override
    public long requests() {
        return openstack.requests().size();
    }

    @Override
    public RunnerAgents wireAgents(GitHubEmulator github, String prefix) {
        return RunnerAgents.wire(openstack, github);
    }

    @Override
    public Optional<OpenStackEmulator> emulator() {
        return Optional.of(openstack);
    }

    @Override
    public void close() {
        openstack.close();
    }
}
