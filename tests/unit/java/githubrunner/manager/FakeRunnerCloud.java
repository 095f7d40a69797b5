package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.PreparedServer;
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
    /** Prepared (keypair made) and neither booted nor abandoned: what a failed creation would leak. */
    private final java.util.Set<InstanceName> prepared = new java.util.HashSet<>();
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
    public synchronized PreparedServer prepareServer(InstanceName name) throws CloudException {
        faults.check("prepare", CloudException.class);
        prepared.add(name);
        return new PreparedServer(name, "flavor-1", null, "group-1");
    }

    @Override
    public synchronized void abandonServer(PreparedServer server) {
        prepared.remove(server.name());
    }

    @Override
    public synchronized CloudServer bootServer(PreparedServer prepared, String imageId, String userData,
                                               Map<String, String> metadata) throws CloudException {
        creates.incrementAndGet();
        InstanceName name = prepared.name();
        if (!this.prepared.remove(name)) {
            throw new IllegalStateException(name + " was not prepared, or was booted or abandoned already");
        }
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

    synchronized java.util.Set<InstanceName> leftPrepared() {
        return java.util.Set.copyOf(prepared);
    }

    synchronized List<InstanceName> names() {
        return new ArrayList<>(servers.keySet());
    }

    synchronized void setStatus(InstanceName name, ServerStatus status) {
        CloudServer s = servers.get(name);
        servers.put(name, new CloudServer(s.id(), s.name(), status, s.createdAt(), s.metadata(), s.addresses()));
    }
}
