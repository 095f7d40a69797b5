package githubrunner.cloud.openstack.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloud.openstack.AuthenticationFailedException;
import githubrunner.cloud.openstack.OpenStackCloud;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.cloud.openstack.QuotaExceededException;
import githubrunner.cloud.openstack.ServerStatus;
import githubrunner.common.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the real services refuse, and how the client reports it: quota, credentials. */
class RealOpenStackRefusalsIT {
    @TempDir
    Path keys;

    RealCloud real;

    @BeforeEach
    void connect() {
        real = RealCloud.require();
    }

    @Test
    void theInstanceQuotaSurfacesNovasMessageAndCleansUp() throws Exception {
        OpenStackTarget target = real.lowQuota();
        String prefix = RealClients.newPrefix("quota");
        OpenStackCloud cloud = new OpenStackCloud(target, prefix, keys, RealClients.options());
        try {
            InstanceName first = InstanceName.generate(prefix);
            cloud.createServer(first, real.imageId(), "#!/bin/sh\n", Map.of());
            RealClients.awaitStatus(cloud, first, ServerStatus.ACTIVE);

            InstanceName second = InstanceName.generate(prefix);
            QuotaExceededException error = assertThrows(QuotaExceededException.class,
                    () -> cloud.createServer(second, real.imageId(), "#!/bin/sh\n", Map.of()));
            assertEquals(403, error.httpStatus());
            assertTrue(error.serverMessage().contains("Quota exceeded for instances"), error.serverMessage());
            assertFalse(Files.exists(cloud.keyFile(second)), "the refused server's key file is removed");
            assertEquals(1, cloud.listServers().size());
        } finally {
            FleetCleanup.removeAll(target, prefix, keys);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatNamesNoSecret() {
        String wrong = "not-the-password-" + System.nanoTime();
        OpenStackCloud cloud = new OpenStackCloud(real.withPassword(wrong), RealClients.newPrefix("auth"), keys,
                RealClients.options());
        AuthenticationFailedException error = assertThrows(AuthenticationFailedException.class, cloud::listServers);
        assertEquals(401, error.httpStatus());
        assertFalse(error.getMessage().contains(wrong), error.getMessage());
    }

    @Test
    void aWrongApplicationCredentialSecretOrIdIsAnAuthenticationFailure() {
        String wrong = "not-the-secret-" + System.nanoTime();
        OpenStackCloud badSecret = new OpenStackCloud(real.withApplicationCredential(real.get("APP_CREDENTIAL_ID"), wrong),
                RealClients.newPrefix("auth"), keys, RealClients.options());
        AuthenticationFailedException error = assertThrows(AuthenticationFailedException.class, badSecret::listServers);
        assertEquals(401, error.httpStatus());
        assertFalse(error.getMessage().contains(wrong), error.getMessage());

        OpenStackCloud badId = new OpenStackCloud(real.withApplicationCredential("0123456789abcdef0123456789abcdef",
                real.get("APP_CREDENTIAL_SECRET")), RealClients.newPrefix("auth"), keys, RealClients.options());
        // Keystone says 404 "Could not find Application Credential" for an unknown id
        AuthenticationFailedException unknown = assertThrows(AuthenticationFailedException.class, badId::listServers);
        assertTrue(unknown.serverMessage().contains("Could not find Application Credential"), unknown.serverMessage());
    }

    @Test
    void anApplicationCredentialMayBeNamedWithItsUser() throws Exception {
        OpenStackCloud cloud = new OpenStackCloud(real.applicationCredentialByName(), RealClients.newPrefix("auth"), keys,
                RealClients.options());
        assertEquals(0, cloud.listServers().size());
        assertEquals(1, cloud.stats().calls("authenticate"));
    }
}
