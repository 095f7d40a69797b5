package githubrunner.cloud.openstack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two servers with one name (a create retried after a lost answer, by us or by an older charm)
 * would share a keypair and a GitHub runner. The newest is kept; the others are to be deleted.
 */
final class DuplicateServers {
    /** The servers to keep (one per name, in listing order) and the older duplicates to delete. */
    record Resolution(List<CloudServer> kept, List<CloudServer> duplicates) {}

    /** Newest first; same second: the greater id, so every run picks the same one. */
    private static final Comparator<CloudServer> NEWEST_FIRST =
            Comparator.comparing(CloudServer::createdAt).thenComparing(CloudServer::id).reversed();

    private DuplicateServers() {}

    static Resolution resolve(List<CloudServer> servers) {
        Map<String, CloudServer> newest = new LinkedHashMap<>();
        for (CloudServer server : servers) {
            newest.merge(server.name().value(), server,
                    (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        List<CloudServer> kept = new ArrayList<>();
        List<CloudServer> duplicates = new ArrayList<>();
        for (CloudServer server : servers) {
            (newest.get(server.name().value()) == server ? kept : duplicates).add(server);
        }
        return new Resolution(List.copyOf(kept), List.copyOf(duplicates));
    }
}
