package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Nova servers and server metadata, answering with the v2.1 sample shapes. */
final class NovaServersApi {
    private static final String P = "/compute/v2\\.1";
    private static final String ID = "(?<id>[^/]+)";

    private final ComputeStore compute;
    private final NetworkStore network;
    private final Links links;
    private final Clock clock;
    private final String projectId;
    private final int maxLimit;
    private final VmSshServers ssh;

    NovaServersApi(ComputeStore compute, NetworkStore network, Links links, Clock clock, String projectId, int maxLimit,
                   VmSshServers ssh) {
        this.compute = compute;
        this.network = network;
        this.links = links;
        this.clock = clock;
        this.projectId = projectId;
        this.maxLimit = maxLimit;
        this.ssh = ssh;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", P + "/servers/detail", r -> list(r, true)),
                Route.of("GET", P + "/servers", r -> list(r, false)),
                Route.of("POST", P + "/servers", this::create),
                Route.of("GET", P + "/servers/" + ID, this::show),
                Route.of("DELETE", P + "/servers/" + ID, this::delete),
                Route.of("POST", P + "/servers/" + ID + "/action", this::action),
                Route.of("GET", P + "/servers/" + ID + "/metadata", this::metadata),
                Route.of("POST", P + "/servers/" + ID + "/metadata", r -> updateMetadata(r, false)),
                Route.of("PUT", P + "/servers/" + ID + "/metadata", r -> updateMetadata(r, true)),
                Route.of("GET", P + "/servers/" + ID + "/metadata/(?<key>[^/]+)", this::metadataItem),
                Route.of("PUT", P + "/servers/" + ID + "/metadata/(?<key>[^/]+)", this::setMetadataItem),
                Route.of("DELETE", P + "/servers/" + ID + "/metadata/(?<key>[^/]+)", this::deleteMetadataItem));
    }

    /** Newest first, filtered, one page of at most {@code limit} (capped at Nova's max_limit). */
    private SimReply list(SimRequest request, boolean detail) throws ApiError {
        int limit = maxLimit;
        if (request.param("limit").isPresent()) {
            try {
                limit = Math.min(maxLimit, Integer.parseInt(request.param("limit").get()));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "Invalid input for query parameters limit. Value: "
                        + request.param("limit").get() + ". '" + request.param("limit").get() + "' does not match '^[0-9]*$'");
            }
        }
        Pattern name = null;
        if (request.param("name").isPresent()) {
            try {
                name = Pattern.compile(request.param("name").get());
            } catch (PatternSyntaxException e) {
                name = Pattern.compile(Pattern.quote(request.param("name").get()));
            }
        }
        String status = request.param("status").map(String::toUpperCase).orElse(null);
        Instant now = clock.instant();
        List<ServerRecord> matching = new ArrayList<>();
        for (ServerRecord server : compute.serverRecords()) {
            if (name != null && !name.matcher(server.name).find()) {
                continue;
            }
            if (status != null && !status.equals(server.status(now))) {
                continue;
            }
            matching.add(server);
        }
        int start = 0;
        if (request.param("marker").isPresent()) {
            String marker = request.param("marker").get();
            start = -1;
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).id.equals(marker)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new ApiError(400, "marker [" + marker + "] not found");
            }
        }
        List<ServerRecord> page = matching.subList(start, Math.min(matching.size(), start + limit));
        ArrayNode servers = JsonNodes.array();
        for (ServerRecord server : page) {
            servers.add(detail ? detail(server, now) : brief(server));
        }
        ObjectNode body = Json.wrap("servers", servers);
        if (!page.isEmpty() && page.size() == limit) {
            body.putArray("servers_links").add(Links.link(nextLink(request, detail, page.get(page.size() - 1).id), "next"));
        }
        return SimReply.json(200, body);
    }

    /** Nova's "next" link: the same query with the marker set to the page's last id. */
    private String nextLink(SimRequest request, boolean detail, String marker) {
        Map<String, String> params = new LinkedHashMap<>();
        request.params().forEach((k, v) -> params.put(k, v.get(0)));
        params.put("marker", marker);
        StringBuilder url = new StringBuilder(links.compute()).append(detail ? "/servers/detail" : "/servers");
        char sep = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(sep).append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return url.toString();
    }

    private SimReply create(SimRequest request) throws ApiError, IOException {
        JsonNode body = request.json();
        JsonNode server = body.path("server");
        if (!server.isObject()) {
            throw new ApiError(400, "Invalid input for field/attribute server. Value: None. 'server' is a required property");
        }
        String name = Json.text(server, "name");
        request.subject(name);
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = server.path("metadata");
        if (!meta.isMissingNode() && !meta.isObject()) {
            throw new ApiError(400, "Invalid input for field/attribute metadata. Value: " + meta + ". " + meta
                    + " is not of type 'object'");
        }
        for (var entry : meta.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new ApiError(400, "Invalid input for field/attribute metadata. Value: " + meta + ". "
                        + entry.getValue() + " is not of type 'string'");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
        List<String> networks = null;
        if (server.has("networks")) {
            networks = new ArrayList<>();
            for (JsonNode net : server.path("networks")) {
                String uuid = Json.text(net, "uuid");
                if (uuid == null) {
                    throw new ApiError(400, "Invalid input for field/attribute networks. Value: " + net
                            + ". the emulator supports only {\"uuid\": ...} networks");
                }
                networks.add(uuid);
            }
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode group : server.path("security_groups")) {
            String groupName = Json.text(group, "name");
            if (groupName != null) {
                groups.add(groupName);
            }
        }
        JsonNode configDrive = server.path("config_drive");
        boolean drive = configDrive.isBoolean() ? configDrive.asBoolean()
                : configDrive.isTextual() && List.of("true", "1", "yes").contains(configDrive.asText().toLowerCase());
        BootRequest boot = new BootRequest(name, lastSegment(Json.text(server, "imageRef")),
                lastSegment(Json.text(server, "flavorRef")), networks, Json.text(server, "key_name"), groups,
                Json.text(server, "user_data"), drive, metadata, request.bootFails());
        ComputeStore.Created created = compute.create(boot);
        ObjectNode answer = JsonNodes.object();
        answer.put("OS-DCF:diskConfig", "MANUAL");
        answer.put("adminPass", created.adminPass());
        answer.put("id", created.server().id());
        answer.set("links", links.nova(projectId, "servers", created.server().id()));
        answer.set("security_groups", securityGroups(created.server().securityGroups()));
        return SimReply.json(202, Json.wrap("server", answer))
                .withHeader("Location", links.compute() + "/servers/" + created.server().id());
    }

    /** A flavorRef or imageRef may be a bookmark URL; Nova takes its last segment. */
    private static String lastSegment(String ref) {
        if (ref == null) {
            return null;
        }
        int slash = ref.lastIndexOf('/');
        return slash < 0 ? ref : ref.substring(slash + 1);
    }

    private SimReply show(SimRequest request) throws ApiError {
        ServerRecord server = compute.record(request.pathParam("id"))
                .orElseThrow(() -> new ApiError(404, "Instance " + request.pathParam("id") + " could not be found."));
        return SimReply.json(200, Json.wrap("server", detail(server, clock.instant())));
    }

    /** Server actions: only {@code os-getConsoleOutput} (the last {@code length} lines of the boot log). */
    private SimReply action(SimRequest request) throws ApiError, IOException {
        JsonNode body = request.json();
        JsonNode console = body.path("os-getConsoleOutput");
        if (!console.isObject()) {
            throw new ApiError(400, "The emulator supports only the os-getConsoleOutput server action");
        }
        ServerRecord server = compute.record(request.pathParam("id"))
                .orElseThrow(() -> new ApiError(404, "Instance " + request.pathParam("id") + " could not be found."));
        String status = server.status(clock.instant());
        if (!"ACTIVE".equals(status)) {
            throw new ApiError(409, "Cannot 'get_console_output' instance " + server.id + " while it is in vm_state "
                    + status.toLowerCase());
        }
        List<String> lines = ConsoleLog.of(server.name, ssh.vm(server.id).map(vm -> vm.hostKey().getPublic()).orElse(null));
        JsonNode length = console.path("length");
        if (length.canConvertToInt() && length.asInt() >= 0 && length.asInt() < lines.size()) {
            lines = lines.subList(lines.size() - length.asInt(), lines.size());
        }
        return SimReply.json(200, JsonNodes.object().put("output", String.join("\n", lines) + "\n"));
    }

    private SimReply delete(SimRequest request) throws ApiError {
        compute.delete(request.pathParam("id"));
        return SimReply.noContent();
    }

    private SimReply metadata(SimRequest request) throws ApiError {
        return SimReply.json(200, Json.wrap("metadata", JsonNodes.MAPPER.valueToTree(compute.metadata(request.pathParam("id")))));
    }

    private SimReply updateMetadata(SimRequest request, boolean replace) throws ApiError, IOException {
        Map<String, String> items = stringMap(request.json().path("metadata"), "metadata");
        Map<String, String> result = compute.updateMetadata(request.pathParam("id"), items, replace);
        return SimReply.json(200, Json.wrap("metadata", JsonNodes.MAPPER.valueToTree(replace ? items : result)));
    }

    private SimReply metadataItem(SimRequest request) throws ApiError {
        String key = request.pathParam("key");
        String value = compute.metadata(request.pathParam("id")).get(key);
        if (value == null) {
            throw new ApiError(404, "Metadata item was not found");
        }
        ObjectNode meta = JsonNodes.object();
        meta.put(key, value);
        return SimReply.json(200, Json.wrap("meta", meta));
    }

    private SimReply setMetadataItem(SimRequest request) throws ApiError, IOException {
        String key = request.pathParam("key");
        Map<String, String> item = stringMap(request.json().path("meta"), "meta");
        if (item.size() != 1 || !item.containsKey(key)) {
            throw new ApiError(400, "Request body and URI mismatch");
        }
        compute.updateMetadata(request.pathParam("id"), item, false);
        return SimReply.json(200, Json.wrap("meta", JsonNodes.MAPPER.valueToTree(item)));
    }

    private SimReply deleteMetadataItem(SimRequest request) throws ApiError {
        compute.deleteMetadataItem(request.pathParam("id"), request.pathParam("key"));
        return SimReply.noContent();
    }

    private static Map<String, String> stringMap(JsonNode node, String field) throws ApiError {
        if (!node.isObject()) {
            throw new ApiError(400, "Invalid input for field/attribute " + field + ". Value: " + node
                    + ". '" + field + "' is a required property");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new ApiError(400, "Invalid input for field/attribute " + field + ". Value: " + node + ". "
                        + entry.getValue() + " is not of type 'string'");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    private ObjectNode brief(ServerRecord server) {
        ObjectNode node = JsonNodes.object();
        node.put("id", server.id);
        node.set("links", links.nova(projectId, "servers", server.id));
        node.put("name", server.name);
        return node;
    }

    /** The servers-details sample's fields, in its order. */
    private ObjectNode detail(ServerRecord server, Instant now) {
        String status = server.status(now);
        boolean building = status.equals("BUILD");
        ObjectNode node = JsonNodes.object();
        node.put("accessIPv4", "");
        node.put("accessIPv6", "");
        ObjectNode addresses = node.putObject("addresses");
        server.addresses.forEach((net, ips) -> {
            ArrayNode list = addresses.putArray(net);
            for (String ip : ips) {
                ObjectNode address = list.addObject();
                address.put("addr", ip);
                address.put("OS-EXT-IPS-MAC:mac_addr", mac(ip));
                address.put("OS-EXT-IPS:type", "fixed");
                address.put("version", 4);
            }
        });
        node.put("created", Json.seconds(server.createdAt));
        ObjectNode flavor = node.putObject("flavor");
        flavor.put("id", server.flavor.id());
        flavor.set("links", links.bookmark("flavors", server.flavor.id()));
        node.put("hostId", server.hostId);
        node.put("id", server.id);
        ObjectNode image = node.putObject("image");
        image.put("id", server.imageId);
        image.set("links", links.bookmark("images", server.imageId));
        if (server.keyName == null) {
            node.putNull("key_name");
        } else {
            node.put("key_name", server.keyName);
        }
        node.set("links", links.nova(projectId, "servers", server.id));
        node.set("metadata", JsonNodes.MAPPER.valueToTree(server.metadata));
        node.put("name", server.name);
        node.put("config_drive", server.configDrive ? "True" : "");
        node.put("OS-DCF:diskConfig", "MANUAL");
        node.put("OS-EXT-AZ:availability_zone", "nova");
        // No OS-EXT-SRV-ATTR:* (host, hypervisor, instance name): Nova shows them to admins only.
        node.put("OS-EXT-STS:power_state", switch (status) {
            case "ACTIVE" -> 1;
            case "SHUTOFF" -> 4;
            default -> 0;
        });
        if (building) {
            node.put("OS-EXT-STS:task_state", "spawning");
        } else {
            node.putNull("OS-EXT-STS:task_state");
        }
        node.put("OS-EXT-STS:vm_state", switch (status) {
            case "BUILD" -> "building";
            case "SHUTOFF" -> "stopped";
            default -> status.toLowerCase();
        });
        node.putArray("os-extended-volumes:volumes_attached");
        if (status.equals("ACTIVE") || status.equals("SHUTOFF")) {
            node.put("OS-SRV-USG:launched_at", Json.microsNoZone(server.settledAt(now)));
        } else {
            node.putNull("OS-SRV-USG:launched_at");
        }
        node.putNull("OS-SRV-USG:terminated_at");
        node.put("progress", 0);
        node.set("security_groups", securityGroups(server.securityGroups));
        node.put("status", status);
        node.put("tenant_id", projectId);
        node.put("updated", Json.seconds(server.settledAt(now)));
        node.put("user_id", compute.userId());
        String fault = server.fault(now);
        if (fault != null) {
            ObjectNode faultNode = node.putObject("fault");
            faultNode.put("code", 500);
            faultNode.put("created", Json.seconds(server.settledAt(now)));
            faultNode.put("message", fault);
        }
        return node;
    }

    /** Nova lists security groups by name, whichever way the boot named them. */
    private ArrayNode securityGroups(List<String> namesOrIds) {
        ArrayNode groups = JsonNodes.array();
        for (String group : namesOrIds) {
            List<SimSecurityGroup> found = network.groupsNamed(group);
            groups.addObject().put("name", found.size() == 1 ? found.get(0).name() : group);
        }
        return groups;
    }

    private static String mac(String ip) {
        String[] octets = ip.split("\\.");
        return String.format("fa:16:3e:%02x:%02x:%02x", Integer.parseInt(octets[1]), Integer.parseInt(octets[2]),
                Integer.parseInt(octets[3]));
    }
}
