package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;

/**
 * A VM whose keypair is made and whose flavor, network (null: Nova's choice) and security group
 * are resolved, but which is not booted yet: returned by
 * {@link OpenStackCloud#prepareServer}, consumed by {@link OpenStackCloud#bootServer} or
 * {@link OpenStackCloud#abandonServer}.
 */
public record PreparedServer(InstanceName name, String flavorId, String networkId, String securityGroupId) {}
