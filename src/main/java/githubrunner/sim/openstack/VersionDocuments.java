package githubrunner.sim.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import githubrunner.sim.http.JsonNodes;
import java.util.List;

/**
 * The unauthenticated version discovery documents of Nova ({@code /compute/},
 * {@code /compute/v2.1/}), Glance ({@code /image/}, {@code /image/versions}) and Neutron
 * ({@code /network/}), shaped as the real services answer them, so that keystoneauth,
 * openstacksdk and the openstack CLI find the emulated services without patches (Keystone's are
 * in {@link KeystoneApi}). Nova claims microversion 2.1 only: the emulator answers v2.1 shapes,
 * so clients do not ask for newer ones.
 */
final class VersionDocuments {
    private final Links links;

    VersionDocuments(Links links) {
        this.links = links;
    }

    List<Route> routes() {
        return List.of(
                Route.open("GET", "/compute/?", r -> SimReply.json(200, novaVersions())),
                Route.open("GET", "/compute/v2\\.1/?", r -> SimReply.json(200, Json.wrap("version", novaV21()))),
                Route.open("GET", "/image/?", r -> SimReply.json(300, glanceVersions())),
                Route.open("GET", "/image/versions", r -> SimReply.json(200, glanceVersions())),
                Route.open("GET", "/network/?", r -> SimReply.json(200, neutronVersions())));
    }

    private ObjectNode novaVersions() {
        ObjectNode v20 = JsonNodes.object();
        v20.put("id", "v2.0");
        v20.putArray("links").add(Links.link(links.base() + "/compute/v2/", "self"));
        v20.put("status", "SUPPORTED");
        v20.put("version", "");
        v20.put("min_version", "");
        v20.put("updated", "2011-01-21T11:33:21Z");
        ObjectNode v21 = JsonNodes.object();
        v21.put("id", "v2.1");
        v21.putArray("links").add(Links.link(links.compute() + "/", "self"));
        v21.put("status", "CURRENT");
        v21.put("version", "2.1");
        v21.put("min_version", "2.1");
        v21.put("updated", "2013-07-23T11:33:21Z");
        ObjectNode versions = JsonNodes.object();
        versions.putArray("versions").add(v20).add(v21);
        return versions;
    }

    private ObjectNode novaV21() {
        ObjectNode version = JsonNodes.object();
        version.put("id", "v2.1");
        ArrayNode versionLinks = version.putArray("links");
        versionLinks.add(Links.link(links.compute() + "/", "self"));
        ObjectNode described = Links.link("http://docs.openstack.org/", "describedby");
        described.put("type", "text/html");
        versionLinks.add(described);
        ObjectNode media = version.putArray("media-types").addObject();
        media.put("base", "application/json");
        media.put("type", "application/vnd.openstack.compute+json;version=2.1");
        version.put("status", "CURRENT");
        version.put("version", "2.1");
        version.put("min_version", "2.1");
        version.put("updated", "2013-07-23T11:33:21Z");
        return version;
    }

    /** Glance lists every v2 minor version; v2.16 (Zed) is current, the others supported. */
    private ObjectNode glanceVersions() {
        ObjectNode versions = JsonNodes.object();
        ArrayNode list = versions.putArray("versions");
        for (int minor = 16; minor >= 0; minor--) {
            ObjectNode version = list.addObject();
            version.put("id", "v2." + minor);
            version.put("status", minor == 16 ? "CURRENT" : "SUPPORTED");
            version.putArray("links").add(Links.link(links.image() + "/v2/", "self"));
        }
        return versions;
    }

    private ObjectNode neutronVersions() {
        ObjectNode version = JsonNodes.object();
        version.put("id", "v2.0");
        version.put("status", "CURRENT");
        version.putArray("links").add(Links.link(links.network() + "/v2.0/", "self"));
        ObjectNode versions = JsonNodes.object();
        versions.putArray("versions").add(version);
        return versions;
    }
}
