package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;

/** URLs the emulator hands out: the catalog entries and the self/bookmark links in bodies. */
final class Links {
    private final String base;

    /** @param base e.g. {@code http://127.0.0.1:40123} */
    Links(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    String identity() {
        return base + "/identity";
    }

    String compute() {
        return base + Service.NOVA.prefix();
    }

    /** Neutron's catalog URL has no version; clients append /v2.0. */
    String network() {
        return base + "/network";
    }

    /** Glance's catalog URL has no version; clients append /v2. */
    String image() {
        return base + "/image";
    }

    /** Nova's pair of links: versioned "self" and unversioned "bookmark". */
    ArrayNode nova(String projectId, String collection, String id) {
        ArrayNode links = JsonNodes.array();
        links.add(link(compute() + "/" + collection + "/" + id, "self"));
        links.add(link(base + "/compute/" + collection + "/" + id, "bookmark"));
        return links;
    }

    ArrayNode bookmark(String collection, String id) {
        ArrayNode links = JsonNodes.array();
        links.add(link(base + "/compute/" + collection + "/" + id, "bookmark"));
        return links;
    }

    static ObjectNode link(String href, String rel) {
        ObjectNode link = JsonNodes.object();
        link.put("href", href);
        link.put("rel", rel);
        return link;
    }
}
