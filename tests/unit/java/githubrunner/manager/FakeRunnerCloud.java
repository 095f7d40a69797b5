package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory cloud: servers by name, failures from {@link Faults} ("list", "create", "delete"). */
final class FakeRunnerCloud implements RunnerCloud {
    final Faults faults = new Faults();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger orphanSweeps = new AtomicInteger();
    private final Map<InstanceName, CloudServer> servers = new LinkedHashMap<>();
    private final Clock clock;
    private int nextId = 1;

    FakeRunnerCloud(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<CloudServer> listServers() throws CloudException {
        lists.incrementAndGet();
        faults.check("list", CloudException.class);
        return List.copyOf(servers.values());
    }

    @Override
    public synchronized CloudServer createServer(InstanceName name, String imageId, String userData,
                                                 Map<String, String> metadata) throws CloudException {
        creates.incrementAndGet();
        faults.check("create", CloudException.class);
        CloudServer server = new CloudServer("vm-" + nextId++, name, ServerStatus.BUILD, clock.instant(), metadata, List.of());
        servers.put(name, server);
        return server;
    }

    @Override
    public synchronized boolean deleteServer(CloudServer server) throws CloudException {
        faults.check("delete", CloudException.class);
        return servers.remove(server.name()) != null;
    }

    @Override
    public void ensureSecurityGroup() throws CloudException {
        faults.check("security-group", CloudException.class);
    }

    @Override
    public int cleanupOrphanKeypairs() {
        return 0;
    }

    @Override
    public int cleanupAllOrphanKeypairs() throws CloudException {
        orphanSweeps.incrementAndGet();
        faults.check("orphans", CloudException.class);
        return 0;
    }

    synchronized List<InstanceName> names() {
        return new ArrayList<>(servers.keySet());
    }

    synchronized void setStatus(InstanceName name, ServerStatus status) {
        CloudServer s = servers.get(name);
        servers.put(name, new CloudServer(s.id(), s.name(), status, s.createdAt(), s.metadata(), s.addresses()));
    }
}
