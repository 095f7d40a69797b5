package githubrunner.cloud.openstack;

/**
 * What the parts of {@link OpenStackCloud} share: the unit's prefix, the tuning, the call runner
 * (session, counters, retries), the Nova and Neutron requests and the key files.
 */
record CloudContext(String prefix, OpenStackOptions options, CallExecutor calls, NovaCalls nova, NeutronCalls neutron,
                    KeyFiles keys) {}
