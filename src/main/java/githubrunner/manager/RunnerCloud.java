package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.common.InstanceName;
import java.util.List;
import java.util.Map;

/** The VMs of this unit: what the runner manager needs of the cloud (OpenStack in production). */
public interface RunnerCloud {
    /** This unit's servers, each name once. */
    List<CloudServer> listServers() throws CloudException;

    /** Boots a VM without waiting for it; on failure nothing of it is left (or it is returned if it exists after all). */
    CloudServer createServer(InstanceName name, String imageId, String userData, Map<String, String> metadata)
            throws CloudException;

    /** Deletes the VM and what was made for it; true if the cloud confirmed, false if it was already gone. */
    boolean deleteServer(CloudServer server) throws CloudException;

    /** Makes sure the runners' security group exists with its rules. */
    void ensureSecurityGroup() throws CloudException;

    /** Removes keypairs (and key files) of this unit without a server, once old enough; returns how many. */
    int cleanupOrphanKeypairs() throws CloudException;

    /**
     * Removes every keypair and key file of this unit without a server, whatever its age: once
     * nothing is being created any more (a busy drain, the unit stopping).
     */
    int cleanupAllOrphanKeypairs() throws CloudException;
}
