package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.util.List;

/** Glance v2: the images servers boot from. */
final class GlanceApi {
    private static final String P = "/image/v2";

    private final ImageStore images;
    private final String projectId;

    GlanceApi(ImageStore images, String projectId) {
        this.images = images;
        this.projectId = projectId;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", P + "/images", this::list),
                Route.of("GET", P + "/images/(?<id>[^/]+)", this::show));
    }

    private SimReply list(SimRequest request) {
        ArrayNode list = JsonNodes.array();
        for (SimImage image : images.images()) {
            if (request.param("name").map(n -> !n.equals(image.name())).orElse(false)) {
                continue;
            }
            list.add(image(image));
        }
        ObjectNode body = Json.wrap("images", list);
        body.put("schema", "/v2/schemas/images");
        body.put("first", "/v2/images");
        return SimReply.json(200, body);
    }

    private SimReply show(SimRequest request) throws ApiError {
        String id = request.pathParam("id");
        SimImage image = images.image(id).orElseThrow(() -> new ApiError(404, "No image found with ID " + id));
        return SimReply.json(200, image(image));
    }

    private ObjectNode image(SimImage image) {
        ObjectNode node = JsonNodes.object();
        node.put("status", "active");
        node.put("name", image.name());
        node.putArray("tags");
        node.put("container_format", "bare");
        node.put("created_at", Json.seconds(image.createdAt()));
        node.put("disk_format", "qcow2");
        node.put("updated_at", Json.seconds(image.createdAt()));
        node.put("visibility", "private");
        node.put("self", "/v2/images/" + image.id());
        node.put("min_disk", 0);
        node.put("protected", false);
        node.put("id", image.id());
        node.put("file", "/v2/images/" + image.id() + "/file");
        node.put("checksum", "64d7c1cd2b6f60c92c14662941cb7913");
        node.put("os_hash_algo", "sha512");
        node.put("os_hash_value", "073b4523583784fbe01daff81eba092a262ec37ba6d04dd3f52e4cd5c93eb8258af44881345ecda0e49f3d8cc6d2df6b050ff3e72681d723234aff9d17d0cf09");
        node.put("os_hidden", false);
        node.put("owner", projectId);
        node.put("size", 13167616);
        node.put("min_ram", 0);
        node.put("schema", "/v2/schemas/image");
        node.putNull("virtual_size");
        return node;
    }
}
