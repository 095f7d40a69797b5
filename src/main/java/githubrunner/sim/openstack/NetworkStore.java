package githubrunner.sim.openstack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Neutron's side: networks, security groups and their rules. */
final class NetworkStore {
    private static final Set<String> DIRECTIONS = Set.of("ingress", "egress");
    private static final Set<String> ETHERTYPES = Set.of("IPv4", "IPv6");
    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "sctp", "6", "17", "132");

    private final Clock clock;
    private final String projectId;
    private final Map<String, SimNetwork> networks = new LinkedHashMap<>();
    private final Map<String, SimSecurityGroup> groups = new LinkedHashMap<>();
    private final Map<String, SimRule> rules = new LinkedHashMap<>();

    NetworkStore(Clock clock, String projectId, List<SimNetwork> initialNetworks) {
        this.clock = clock;
        this.projectId = projectId;
        initialNetworks.forEach(n -> networks.put(n.id(), n));
        addDefaultGroup();
    }

    /** Every Neutron project has a "default" group that lets its members talk to each other. */
    private void addDefaultGroup() {
        SimSecurityGroup group = new SimSecurityGroup(UUID.randomUUID().toString(), "default", "Default security group",
                projectId, clock.instant());
        groups.put(group.id(), group);
        for (String ethertype : List.of("IPv4", "IPv6")) {
            for (String direction : List.of("egress", "ingress")) {
                SimRule rule = new SimRule(UUID.randomUUID().toString(), group.id(), direction, ethertype, null, null,
                        null, null, direction.equals("ingress") ? group.id() : null, "", projectId, clock.instant());
                rules.put(rule.id(), rule);
            }
        }
    }

    synchronized List<SimNetwork> networks() {
        return List.copyOf(networks.values());
    }

    synchronized Optional<SimNetwork> network(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    synchronized List<SimSecurityGroup> groups() {
        return List.copyOf(groups.values());
    }

    synchronized Optional<SimSecurityGroup> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    synchronized List<SimRule> rules() {
        return List.copyOf(rules.values());
    }

    synchronized List<SimRule> rulesOf(String groupId) {
        return rules.values().stream().filter(r -> r.securityGroupId().equals(groupId)).toList();
    }

    synchronized Optional<SimRule> rule(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /**
     * Creates a group with Neutron's two default egress rules. Like Neutron, it does not refuse a
     * second group with the same name: avoiding duplicates is the client's job.
     */
    synchronized SimSecurityGroup createGroup(String name, String description) throws ApiError {
        if (name == null) {
            name = "";
        }
        if (name.equals("default")) {
            throw new ApiError(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        }
        if (name.length() > 255) {
            throw new ApiError(400, "HTTPBadRequest", "Invalid input for name. Reason: '" + name.substring(0, 20)
                    + "...' exceeds maximum length of 255.");
        }
        SimSecurityGroup group = new SimSecurityGroup(UUID.randomUUID().toString(), name,
                description == null ? "" : description, projectId, clock.instant());
        groups.put(group.id(), group);
        for (String ethertype : List.of("IPv4", "IPv6")) {
            SimRule rule = new SimRule(UUID.randomUUID().toString(), group.id(), "egress", ethertype, null, null, null,
                    null, null, "", projectId, clock.instant());
            rules.put(rule.id(), rule);
        }
        return group;
    }

    synchronized void deleteGroup(String id) throws ApiError {
        if (groups.remove(id) == null) {
            throw new ApiError(404, "SecurityGroupNotFound", "Security group " + id + " does not exist");
        }
        rules.values().removeIf(r -> r.securityGroupId().equals(id));
    }

    /** Validates like Neutron and refuses a duplicate with 409 SecurityGroupRuleExists. */
    synchronized SimRule createRule(String groupId, String direction, String ethertype, String protocol,
                                    Integer portMin, Integer portMax, String remoteIpPrefix, String remoteGroupId,
                                    String description) throws ApiError {
        if (groupId == null || !groups.containsKey(groupId)) {
            throw new ApiError(404, "SecurityGroupNotFound", "Security group " + groupId + " does not exist");
        }
        if (direction == null || !DIRECTIONS.contains(direction)) {
            throw new ApiError(400, "HTTPBadRequest", "Invalid input for direction. Reason: " + direction
                    + " is not in valid_values.");
        }
        String ether = ethertype == null ? "IPv4" : ethertype;
        if (!ETHERTYPES.contains(ether)) {
            throw new ApiError(400, "SecurityGroupRuleInvalidEtherType", "Security group rule for ethertype '"
                    + ether + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
        }
        String proto = protocol == null || protocol.isEmpty() || protocol.equals("any") ? null : protocol.toLowerCase();
        if ((portMin != null || portMax != null) && proto == null) {
            throw new ApiError(400, "SecurityGroupProtocolRequiredWithPorts",
                    "Must also specify protocol if port range is given.");
        }
        if (proto != null && PORT_PROTOCOLS.contains(proto) && portMin != null && portMax != null && portMin > portMax) {
            throw new ApiError(400, "SecurityGroupInvalidPortRange",
                    "For TCP/UDP protocols, port_range_min must be <= port_range_max");
        }
        SimRule rule = new SimRule(UUID.randomUUID().toString(), groupId, direction, ether, proto, portMin, portMax,
                remoteIpPrefix, remoteGroupId, description == null ? "" : description, projectId, clock.instant());
        for (SimRule existing : rules.values()) {
            if (existing.sameAs(rule)) {
                throw new ApiError(409, "SecurityGroupRuleExists",
                        "Security group rule already exists. Rule id is " + existing.id() + ".");
            }
        }
        rules.put(rule.id(), rule);
        return rule;
    }

    synchronized void deleteRule(String id) throws ApiError {
        if (rules.remove(id) == null) {
            throw new ApiError(404, "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
        }
    }

    /** Groups a server boot may name, by id or by name. */
    synchronized List<SimSecurityGroup> groupsNamed(String nameOrId) {
        SimSecurityGroup byId = groups.get(nameOrId);
        if (byId != null) {
            return List.of(byId);
        }
        List<SimSecurityGroup> result = new ArrayList<>();
        for (SimSecurityGroup group : groups.values()) {
            if (group.name().equals(nameOrId)) {
                result.add(group);
            }
        }
        return result;
    }
}
