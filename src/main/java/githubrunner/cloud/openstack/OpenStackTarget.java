package githubrunner.cloud.openstack;

import githubrunner.common.Secret;

/** The cloud the client works in: Keystone v3 credentials, the region, the network and the flavor. */
public record OpenStackTarget(String authUrl, KeystoneCredentials credentials, String regionName, String network,
                              String flavor) {

    /** Password credentials scoped to a project. */
    public OpenStackTarget(String authUrl, String username, Secret password, String projectName,
                           String userDomainName, String projectDomainName, String regionName,
                           String network, String flavor) {
        this(authUrl, new KeystoneCredentials.Password(username, password, projectName, userDomainName,
                projectDomainName), regionName, network, flavor);
    }
}
