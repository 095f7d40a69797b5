package githubrunner.cloud.openstack;

import githubrunner.common.Secret;

/** The cloud the client works in: Keystone v3 password credentials, the network and the flavor. */
public record OpenStackTarget(String authUrl, String username, Secret password, String projectName,
                              String userDomainName, String projectDomainName, String regionName,
                              String network, String flavor) {}
