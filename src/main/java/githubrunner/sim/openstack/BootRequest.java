package githubrunner.sim.openstack;

import java.util.List;
import java.util.Map;

/**
 * A server create as Nova reads it from {@code POST /servers}.
 *
 * @param networks network uuids asked for, or null when the request named none
 * @param securityGroups names or ids; empty means Nova's "default"
 * @param userData base64 as sent, or null
 * @param bootFails set by an injected fault: the boot will end in ERROR
 */
record BootRequest(String name, String imageRef, String flavorRef, List<String> networks, String keyName,
                   List<String> securityGroups, String userData, boolean configDrive, Map<String, String> metadata,
                   boolean bootFails) {}
