package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;

/**
 * A VM whose keypair is made but which is not booted yet: returned by
 * {@link OpenStackCloud#prepareServer}, consumed by {@link OpenStackCloud#bootServer} or
 * {@link OpenStackCloud#abandonServer}.
 */
public record PreparedServer(InstanceName name) {}
