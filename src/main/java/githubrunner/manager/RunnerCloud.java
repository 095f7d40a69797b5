package githubrunner.manager;

import githubrunner.cloud.openstack.CloudException;
import githubrunner.cloud.openstack.CloudServer;
import githubrunner.cloud.openstack.PreparedServer;
import githubrunner.common.InstanceName;
import java.util.List;
import java.util.Map;

/** The VMs of this unit: what the runner manager needs of the cloud (OpenStack in production). */
public interface RunnerCloud {
    /** This unit's servers, each name once. */
    List<CloudServer> listServers() throws CloudException;

    /** Makes what a VM needs before it boots (its keypair), so that this can overlap its runner's registration. */
    PreparedServer prepareServer(InstanceName name) throws CloudException;

    /** Boots a prepared VM without waiting for it; on failure nothing of it is left (or it is returned if it exists after all). */
    CloudServer bootServer(PreparedServer prepared, String imageId, String userData, Map<String, String> metadata)
            throws CloudException;

    /** Removes what was prepared for a VM that will not boot (its registration failed). */
    void abandonServer(PreparedServer prepared);

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
