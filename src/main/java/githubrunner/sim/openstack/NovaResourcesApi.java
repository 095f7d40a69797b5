package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.io.IOException;
import java.util.List;

/** Nova keypairs, flavors, limits and the version document (v2.1 shapes). */
final class NovaResourcesApi {
    private static final String P = "/compute/v2\\.1";

    private final ComputeStore compute;
    private final Links links;
    private final String projectId;

    NovaResourcesApi(ComputeStore compute, Links links, String projectId) {
        this.compute = compute;
        this.links = links;
        this.projectId = projectId;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", P + "/os-keypairs", r -> listKeypairs()),
                Route.of("POST", P + "/os-keypairs", this::createKeypair),
                Route.of("GET", P + "/os-keypairs/(?<name>[^/]+)", this::showKeypair),
                Route.of("DELETE", P + "/os-keypairs/(?<name>[^/]+)", this::deleteKeypair),
                Route.of("GET", P + "/flavors", r -> flavors(false)),
                Route.of("GET", P + "/flavors/detail", r -> flavors(true)),
                Route.of("GET", P + "/flavors/(?<id>[^/]+)", this::showFlavor),
                Route.of("GET", P + "/limits", r -> limits()));
    }

    /** v2.1 answers 200 with the private key when Nova generated the pair. */
    private SimReply createKeypair(SimRequest request) throws ApiError, IOException {
        JsonNode keypair = request.json().path("keypair");
        if (!keypair.isObject()) {
            throw new ApiError(400, "Invalid input for field/attribute keypair. Value: None. 'keypair' is a required property");
        }
        String name = Json.text(keypair, "name");
        request.subject(name);
        ComputeStore.CreatedKeypair created = compute.createKeypair(name, Json.text(keypair, "public_key"));
        ObjectNode node = JsonNodes.object();
        node.put("fingerprint", created.keypair().fingerprint());
        node.put("name", created.keypair().name());
        if (created.privateKey() != null) {
            node.put("private_key", created.privateKey());
        }
        node.put("public_key", created.keypair().publicKey());
        node.put("user_id", created.keypair().userId());
        return SimReply.json(200, Json.wrap("keypair", node));
    }

    /** v2.1's list has no created_at: a client that wants a keypair's age must GET it. */
    private SimReply listKeypairs() {
        ArrayNode list = JsonNodes.array();
        for (SimKeypair keypair : compute.keypairs()) {
            ObjectNode node = JsonNodes.object();
            node.put("fingerprint", keypair.fingerprint());
            node.put("name", keypair.name());
            node.put("public_key", keypair.publicKey());
            list.add(Json.wrap("keypair", node));
        }
        return SimReply.json(200, Json.wrap("keypairs", list));
    }

    private SimReply showKeypair(SimRequest request) throws ApiError {
        SimKeypair keypair = compute.keypair(request.pathParam("name"));
        ObjectNode node = JsonNodes.object();
        node.put("fingerprint", keypair.fingerprint());
        node.put("name", keypair.name());
        node.put("public_key", keypair.publicKey());
        node.put("user_id", keypair.userId());
        node.put("deleted", false);
        node.put("created_at", Json.microsNoZone(keypair.createdAt()));
        node.putNull("updated_at");
        node.putNull("deleted_at");
        node.put("id", keypair.id());
        return SimReply.json(200, Json.wrap("keypair", node));
    }

    /** v2.1 answers a keypair delete with 202 and no body. */
    private SimReply deleteKeypair(SimRequest request) throws ApiError {
        compute.deleteKeypair(request.pathParam("name"));
        return new SimReply(202, new java.util.LinkedHashMap<>(), new byte[0]);
    }

    private SimReply flavors(boolean detail) {
        ArrayNode list = JsonNodes.array();
        for (SimFlavor flavor : compute.flavors()) {
            list.add(detail ? flavorDetail(flavor) : flavorBrief(flavor));
        }
        return SimReply.json(200, Json.wrap("flavors", list));
    }

    private SimReply showFlavor(SimRequest request) throws ApiError {
        String id = request.pathParam("id");
        SimFlavor flavor = compute.flavor(id).orElseThrow(() -> new ApiError(404, "Flavor " + id + " could not be found."));
        return SimReply.json(200, Json.wrap("flavor", flavorDetail(flavor)));
    }

    private ObjectNode flavorBrief(SimFlavor flavor) {
        ObjectNode node = JsonNodes.object();
        node.put("id", flavor.id());
        node.set("links", links.nova(projectId, "flavors", flavor.id()));
        node.put("name", flavor.name());
        return node;
    }

    private ObjectNode flavorDetail(SimFlavor flavor) {
        ObjectNode node = JsonNodes.object();
        node.put("OS-FLV-DISABLED:disabled", false);
        node.put("disk", flavor.diskGb());
        node.put("OS-FLV-EXT-DATA:ephemeral", 0);
        node.put("os-flavor-access:is_public", true);
        node.put("id", flavor.id());
        node.set("links", links.nova(projectId, "flavors", flavor.id()));
        node.put("name", flavor.name());
        node.put("ram", flavor.ramMb());
        node.put("swap", "");
        node.put("vcpus", flavor.vcpus());
        node.put("rxtx_factor", 1.0);
        return node;
    }

    private SimReply limits() {
        Quotas quotas = compute.quotas();
        ComputeStore.Usage usage = compute.usage();
        ObjectNode absolute = JsonNodes.object();
        absolute.put("maxImageMeta", 128);
        absolute.put("maxPersonality", 5);
        absolute.put("maxPersonalitySize", 10240);
        absolute.put("maxSecurityGroupRules", -1);
        absolute.put("maxSecurityGroups", -1);
        absolute.put("maxServerMeta", ComputeStore.MAX_METADATA_ITEMS);
        absolute.put("maxTotalCores", quotas.cores());
        absolute.put("maxTotalFloatingIps", -1);
        absolute.put("maxTotalInstances", quotas.instances());
        absolute.put("maxTotalKeypairs", quotas.keypairs());
        absolute.put("maxTotalRAMSize", quotas.ramMb());
        absolute.put("maxServerGroups", 10);
        absolute.put("maxServerGroupMembers", 10);
        absolute.put("totalCoresUsed", usage.cores());
        absolute.put("totalInstancesUsed", usage.instances());
        absolute.put("totalRAMUsed", usage.ramMb());
        absolute.put("totalSecurityGroupsUsed", 0);
        absolute.put("totalFloatingIpsUsed", 0);
        absolute.put("totalServerGroupsUsed", 0);
        ObjectNode limits = JsonNodes.object();
        limits.set("absolute", absolute);
        limits.putArray("rate");
        return SimReply.json(200, Json.wrap("limits", limits));
    }
}
