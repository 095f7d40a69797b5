package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.util.List;
import java.util.UUID;

/** Keystone v3: password authentication with a project scope, and the service catalog. */
final class KeystoneApi {
    private final IdentityStore identity;
    private final Links links;
    private final String region;
    private final String projectId;
    private final String userId;

    KeystoneApi(IdentityStore identity, Links links, String region, String projectId, String userId) {
        this.identity = identity;
        this.links = links;
        this.region = region;
        this.projectId = projectId;
        this.userId = userId;
    }

    List<Route> routes() {
        return List.of(
                Route.open("POST", "/identity/v3/auth/tokens", this::authenticate),
                Route.open("GET", "/identity/v3/?", r -> SimReply.json(200, version())),
                Route.open("GET", "/identity/?", r -> SimReply.json(300, versions())));
    }

    private SimReply authenticate(SimRequest request) throws ApiError, java.io.IOException {
        JsonNode auth = request.json().path("auth");
        JsonNode identityNode = auth.path("identity");
        boolean password = false;
        for (JsonNode method : identityNode.path("methods")) {
            password |= "password".equals(method.asText());
        }
        if (!password) {
            throw new ApiError(400, "Expecting to find identity in auth. The server could not comply with the request "
                    + "since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        JsonNode user = identityNode.path("password").path("user");
        JsonNode project = auth.path("scope").path("project");
        var issued = identity.authenticate(Json.text(user, "name"), domain(user.path("domain")),
                Json.text(user, "password"), Json.text(project, "name"), domain(project.path("domain")));
        if (issued.isEmpty()) {
            throw new ApiError(401, "The request you have made requires authentication.");
        }
        ObjectNode token = JsonNodes.object();
        ArrayNode audit = token.putArray("audit_ids");
        audit.add(UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        token.set("catalog", catalog());
        token.put("expires_at", Json.microsZ(issued.get().expiresAt()));
        token.put("is_domain", false);
        token.put("issued_at", Json.microsZ(issued.get().issuedAt()));
        token.putArray("methods").add("password");
        ObjectNode projectNode = token.putObject("project");
        projectNode.set("domain", domainNode(identity.projectDomain()));
        projectNode.put("id", projectId);
        projectNode.put("name", identity.project());
        ObjectNode role = token.putArray("roles").addObject();
        role.put("id", "51cc68287d524c759f47c811e6463340");
        role.put("name", "member");
        ObjectNode userNode = token.putObject("user");
        userNode.set("domain", domainNode(identity.userDomain()));
        userNode.put("id", userId);
        userNode.put("name", identity.username());
        userNode.putNull("password_expires_at");
        return SimReply.json(201, Json.wrap("token", token)).withHeader("X-Subject-Token", issued.get().token());
    }

    /** The domain as given by name or by id. */
    private static String domain(JsonNode domain) {
        String name = Json.text(domain, "name");
        return name != null ? name : Json.text(domain, "id");
    }

    private static ObjectNode domainNode(String name) {
        ObjectNode domain = JsonNodes.object();
        domain.put("id", name.equalsIgnoreCase("default") ? "default" : name.toLowerCase());
        domain.put("name", name);
        return domain;
    }

    private ArrayNode catalog() {
        ArrayNode catalog = JsonNodes.array();
        catalog.add(service("identity", "keystone", links.identity()));
        catalog.add(service("compute", "nova", links.compute()));
        catalog.add(service("network", "neutron", links.network()));
        catalog.add(service("image", "glance", links.image()));
        return catalog;
    }

    private ObjectNode service(String type, String name, String url) {
        ObjectNode service = JsonNodes.object();
        ArrayNode endpoints = service.putArray("endpoints");
        for (String iface : List.of("public", "admin", "internal")) {
            ObjectNode endpoint = endpoints.addObject();
            endpoint.put("id", UUID.nameUUIDFromBytes((type + iface).getBytes()).toString().replace("-", ""));
            endpoint.put("interface", iface);
            endpoint.put("region", region);
            endpoint.put("region_id", region);
            endpoint.put("url", url);
        }
        service.put("type", type);
        service.put("id", UUID.nameUUIDFromBytes(type.getBytes()).toString().replace("-", ""));
        service.put("name", name);
        return service;
    }

    private ObjectNode version() {
        ObjectNode version = JsonNodes.object();
        version.put("id", "v3.14");
        version.putArray("links").add(Links.link(links.identity() + "/v3/", "self"));
        ObjectNode media = version.putArray("media-types").addObject();
        media.put("base", "application/json");
        media.put("type", "application/vnd.openstack.identity-v3+json");
        version.put("status", "stable");
        version.put("updated", "2020-04-07T00:00:00Z");
        return Json.wrap("version", version);
    }

    private ObjectNode versions() {
        ObjectNode values = JsonNodes.object();
        values.putArray("values").add(version().get("version"));
        return Json.wrap("versions", values);
    }
}
