package githubrunner.sim.openstack;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one Nova server, as tests and the simulator see it.
 *
 * @param status Nova status now: BUILD, ACTIVE, ERROR, SHUTOFF, ...
 * @param securityGroups the security groups as given at boot (names or ids)
 * @param userData the decoded user data, or null if none was given
 * @param addresses network name to IPv4 addresses
 * @param faultMessage why the server is in ERROR, else null
 */
public record SimServer(String id, String name, String status, String imageId, String flavorId,
                        List<String> networkIds, String keyName, List<String> securityGroups, String userData,
                        boolean configDrive, Map<String, String> metadata, Instant createdAt,
                        Map<String, List<String>> addresses, String faultMessage) {}
