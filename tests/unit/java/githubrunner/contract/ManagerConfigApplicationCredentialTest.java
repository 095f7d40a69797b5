package githubrunner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.Secret;
import org.junit.jupiter.api.Test;

class ManagerConfigApplicationCredentialTest {
    @Test
    void anApplicationCredentialRoundTripsThroughTheConfigFile() throws Exception {
        ManagerConfig base = ManagerConfigFileTest.sample();
        ManagerConfig config = new ManagerConfig(base.version(), base.unit(), base.application(), base.prefix(),
                base.github(), new ManagerConfig.OpenStack("https://keystone:5000/v3", null, null, null, null, null,
                        "RegionOne", "net", "m1.small", "0b1c9f6e", null, Secret.of("app-secret")),
                base.runners(), base.reconcileIntervalMinutes(), base.managerProxy(), base.vm(),
                base.managerSshProxyCommand(), base.logLevel(), base.httpPort(), base.metricsLogPath(), base.apiToken(),
                base.reactive(), base.retired());
        ManagerConfig read = ManagerConfigFile.fromYaml(ManagerConfigFile.toYaml(config));
        assertEquals(config, read);
        assertTrue(read.openstack().isApplicationCredential());
        assertEquals("app-secret", read.openstack().applicationCredentialSecret().reveal());
    }
}
