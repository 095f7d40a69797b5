package githubrunner.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackOptions;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.sim.openstack.OpenStackEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's OpenStack client goes through the model's proxy (juju-http-proxy), host by host:
 * what juju-no-proxy names goes direct. A real proxy relays and counts the requests.
 */
class OpenStackThroughModelProxyIT {
    @TempDir
    Path dir;

    OpenStackEmulator sim;
    CountingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        sim = OpenStackEmulator.builder().buildDelay(Duration.ZERO).keyBits(1024).start();
        proxy = new CountingProxy();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        sim.close();
    }

    /** Keystone addressed as {@code host}; the catalog names 127.0.0.1 for Nova and Neutron. */
    private OpenStackCloud client(String keystoneHost, ManagerConfig.Proxy model) {
        OpenStackTarget target = new OpenStackTarget(sim.keystoneUrl().replace("127.0.0.1", keystoneHost),
                sim.username(), Secret.of("emulated-password"), sim.projectName(), sim.userDomain(), sim.projectDomain(),
                sim.region(), sim.networks().get(0).name(), "m1.small");
        return new OpenStackCloud(target, "proxied-0", dir.resolve("keys"),
                OpenStackOptions.defaults().withProxy(ModelProxy.of(model)));
    }

    private void work(OpenStackCloud cloud) throws Exception {
        cloud.createServer(InstanceName.generate("proxied-0"), sim.images().get(0).id(), "#!/bin/sh\n", Map.of());
        cloud.listServers();
    }

    @Test
    void allOfKeystoneNovaAndNeutronGoThroughTheProxy() throws Exception {
        work(client("127.0.0.1", new ManagerConfig.Proxy(proxy.url(), proxy.url(), null)));

        Set<String> paths = proxy.relayed().stream().map(r -> r.method() + " " + r.path().replaceAll("\\?.*", ""))
                .collect(Collectors.toSet());
        assertTrue(paths.contains("POST /identity/v3/auth/tokens"), paths.toString());
        assertTrue(paths.contains("POST /compute/v2.1/servers"), paths.toString());
        assertTrue(paths.contains("POST /compute/v2.1/os-keypairs"), paths.toString());
        assertTrue(paths.contains("GET /compute/v2.1/servers/detail"), paths.toString());
        assertTrue(paths.contains("GET /network/v2.0/security-groups"), paths.toString());
        assertEquals(sim.requests().size(), proxy.relayed().size(), "every request the cloud saw came through the proxy");
    }

    @Test
    void aNoProxyHostGoesDirectWhileTheOthersUseTheProxy() throws Exception {
        work(client("localhost", new ManagerConfig.Proxy(proxy.url(), proxy.url(), "localhost, .example.com")));

        assertFalse(proxy.relayed().isEmpty());
        assertTrue(proxy.relayed().stream().noneMatch(r -> r.path().startsWith("/identity/")),
                "Keystone (localhost, in no_proxy) was reached directly: " + proxy.relayed());
        assertTrue(proxy.relayed().stream().allMatch(r -> r.host().equals("127.0.0.1")));
        long identity = sim.requests().all().stream().filter(r -> r.path().startsWith("/identity/")).count();
        assertTrue(identity > 0);
        assertEquals(sim.requests().size() - identity, proxy.relayed().size());
    }

    @Test
    void withEveryHostInNoProxyTheProxyIsNeverUsed() throws Exception {
        work(client("localhost", new ManagerConfig.Proxy(proxy.url(), proxy.url(), "localhost,127.0.0.1")));
        assertEquals(0, proxy.relayed().size());
    }

    @Test
    void withoutAModelProxyNothingIsProxied() throws Exception {
        work(client("127.0.0.1", ManagerConfig.Proxy.NONE));
        assertEquals(0, proxy.relayed().size());
        assertTrue(sim.requests().size() > 0);
    }
}
