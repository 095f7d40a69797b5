package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Neutron v2.0: networks, security groups and rules, with Neutron's attribute filters on lists. */
final class NeutronApi {
    private static final String P = "/network/v2\\.0";
    private static final Set<String> NOT_FILTERS = Set.of("fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse");

    private final NetworkStore network;
    private final String projectId;

    NeutronApi(NetworkStore network, String projectId) {
        this.network = network;
        this.projectId = projectId;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", P + "/networks", r -> list(r, "networks", network.networks().stream().map(this::network).toList())),
                Route.of("GET", P + "/networks/(?<id>[^/]+)", this::showNetwork),
                Route.of("GET", P + "/security-groups", r -> list(r, "security_groups",
                        network.groups().stream().map(this::group).toList())),
                Route.of("POST", P + "/security-groups", this::createGroup),
                Route.of("GET", P + "/security-groups/(?<id>[^/]+)", this::showGroup),
                Route.of("DELETE", P + "/security-groups/(?<id>[^/]+)", this::deleteGroup),
                Route.of("GET", P + "/security-group-rules", r -> list(r, "security_group_rules",
                        network.rules().stream().map(this::rule).toList())),
                Route.of("POST", P + "/security-group-rules", this::createRule),
                Route.of("GET", P + "/security-group-rules/(?<id>[^/]+)", this::showRule),
                Route.of("DELETE", P + "/security-group-rules/(?<id>[^/]+)", this::deleteRule));
    }

    /** Neutron filters a list by any attribute given as a query parameter (several values: any of them). */
    private static SimReply list(SimRequest request, String key, List<ObjectNode> items) {
        ArrayNode result = JsonNodes.array();
        for (ObjectNode item : items) {
            boolean keep = true;
            for (Map.Entry<String, List<String>> filter : request.params().entrySet()) {
                if (NOT_FILTERS.contains(filter.getKey())) {
                    continue;
                }
                JsonNode value = item.get(filter.getKey());
                keep &= value != null && !value.isContainerNode() && filter.getValue().contains(value.isNull() ? "" : value.asText());
            }
            if (keep) {
                result.add(item);
            }
        }
        return SimReply.json(200, Json.wrap(key, result));
    }

    private SimReply showNetwork(SimRequest request) throws ApiError {
        String id = request.pathParam("id");
        SimNetwork net = network.network(id).orElseThrow(
                () -> new ApiError(404, "NetworkNotFound", "Network " + id + " could not be found."));
        return SimReply.json(200, Json.wrap("network", network(net)));
    }

    private SimReply createGroup(SimRequest request) throws ApiError, IOException {
        JsonNode body = request.json().path("security_group");
        if (!body.isObject()) {
            throw new ApiError(400, "HTTPBadRequest", "Resource body required");
        }
        request.subject(Json.text(body, "name"));
        SimSecurityGroup group = network.createGroup(Json.text(body, "name"), Json.text(body, "description"));
        return SimReply.json(201, Json.wrap("security_group", group(group)));
    }

    private SimReply showGroup(SimRequest request) throws ApiError {
        String id = request.pathParam("id");
        SimSecurityGroup group = network.group(id).orElseThrow(
                () -> new ApiError(404, "SecurityGroupNotFound", "Security group " + id + " does not exist"));
        return SimReply.json(200, Json.wrap("security_group", group(group)));
    }

    private SimReply deleteGroup(SimRequest request) throws ApiError {
        network.deleteGroup(request.pathParam("id"));
        return SimReply.noContent();
    }

    private SimReply createRule(SimRequest request) throws ApiError, IOException {
        JsonNode body = request.json().path("security_group_rule");
        if (!body.isObject()) {
            throw new ApiError(400, "HTTPBadRequest", "Resource body required");
        }
        request.subject(Json.text(body, "security_group_id"));
        SimRule rule = network.createRule(Json.text(body, "security_group_id"), Json.text(body, "direction"),
                Json.text(body, "ethertype"), Json.text(body, "protocol"), port(body, "port_range_min"),
                port(body, "port_range_max"), Json.text(body, "remote_ip_prefix"), Json.text(body, "remote_group_id"),
                Json.text(body, "description"));
        return SimReply.json(201, Json.wrap("security_group_rule", rule(rule)));
    }

    /** Neutron accepts ports as numbers or numeric strings (the api-ref sample sends "80"). */
    private static Integer port(JsonNode body, String field) throws ApiError {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            int port = value.isNumber() ? value.intValue() : Integer.parseInt(value.asText());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "SecurityGroupInvalidPortValue", "Invalid value for port " + value.asText());
        }
    }

    private SimReply showRule(SimRequest request) throws ApiError {
        String id = request.pathParam("id");
        SimRule rule = network.rule(id).orElseThrow(
                () -> new ApiError(404, "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist"));
        return SimReply.json(200, Json.wrap("security_group_rule", rule(rule)));
    }

    private SimReply deleteRule(SimRequest request) throws ApiError {
        network.deleteRule(request.pathParam("id"));
        return SimReply.noContent();
    }

    private ObjectNode network(SimNetwork net) {
        ObjectNode node = JsonNodes.object();
        node.put("admin_state_up", true);
        node.putArray("availability_zone_hints");
        node.putArray("availability_zones").add("nova");
        node.put("created_at", Json.seconds(net.createdAt()));
        node.put("dns_domain", "");
        node.put("id", net.id());
        node.putNull("ipv4_address_scope");
        node.putNull("ipv6_address_scope");
        node.put("l2_adjacency", true);
        node.put("mtu", 1442);
        node.put("name", net.name());
        node.put("port_security_enabled", true);
        node.put("project_id", projectId);
        node.putNull("qos_policy_id");
        node.put("revision_number", 1);
        node.put("router:external", false);
        node.put("pvlan", false);
        node.put("shared", false);
        node.put("status", "ACTIVE");
        node.putArray("subnets").add(java.util.UUID.nameUUIDFromBytes(net.id().getBytes()).toString());
        node.put("tenant_id", projectId);
        node.put("updated_at", Json.seconds(net.createdAt()));
        node.put("vlan_transparent", false);
        node.put("qinq", false);
        node.put("description", "");
        node.put("is_default", false);
        node.putArray("tags");
        return node;
    }

    private ObjectNode group(SimSecurityGroup group) {
        ObjectNode node = JsonNodes.object();
        node.put("description", group.description());
        node.put("id", group.id());
        node.put("name", group.name());
        ArrayNode rules = node.putArray("security_group_rules");
        for (SimRule rule : network.rulesOf(group.id())) {
            ObjectNode embedded = rule(rule);
            embedded.putArray("tags");
            rules.add(embedded);
        }
        node.put("project_id", group.projectId());
        node.put("created_at", Json.seconds(group.createdAt()));
        node.put("updated_at", Json.seconds(group.createdAt()));
        node.put("revision_number", 1);
        node.putArray("tags");
        node.put("tenant_id", group.projectId());
        node.put("stateful", true);
        node.put("shared", false);
        return node;
    }

    private ObjectNode rule(SimRule rule) {
        ObjectNode node = JsonNodes.object();
        node.put("direction", rule.direction());
        node.put("ethertype", rule.ethertype());
        node.put("id", rule.id());
        putNullable(node, "port_range_max", rule.portRangeMax());
        putNullable(node, "port_range_min", rule.portRangeMin());
        if (rule.protocol() == null) {
            node.putNull("protocol");
        } else {
            node.put("protocol", rule.protocol());
        }
        putText(node, "remote_group_id", rule.remoteGroupId());
        node.putNull("remote_address_group_id");
        putText(node, "remote_ip_prefix", rule.remoteIpPrefix());
        putText(node, "normalized_cidr", rule.remoteIpPrefix());
        node.put("security_group_id", rule.securityGroupId());
        node.put("project_id", rule.projectId());
        node.put("revision_number", 1);
        node.put("tenant_id", rule.projectId());
        node.put("created_at", Json.seconds(rule.createdAt()));
        node.put("updated_at", Json.seconds(rule.createdAt()));
        node.put("description", rule.description());
        node.put("belongs_to_default_sg", network.group(rule.securityGroupId())
                .map(g -> g.name().equals("default")).orElse(false));
        return node;
    }

    private static void putNullable(ObjectNode node, String field, Integer value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
