package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lists this unit's servers: Nova's name regex, page after page by its {@code servers_links}, each
 * server parsed strictly. A page that is missing, garbled or repeats fails the whole list.
 */
final class ServerLister {
    private final CloudContext cx;

    ServerLister(CloudContext cx) {
        this.cx = cx;
    }

    /** Every server of the unit (duplicates of a name included). */
    List<CloudServer> listAllOfUnit() throws CloudException {
        return listOurs("^" + regexQuote(cx.prefix()) + "-");
    }

    /** The server with this name, if it exists (the newest, if there are several). */
    Optional<CloudServer> find(InstanceName name) throws CloudException {
        return listOurs("^" + regexQuote(name.value()) + "$").stream()
                .filter(s -> s.name().equals(name))
                .max(Comparator.comparing(CloudServer::createdAt).thenComparing(CloudServer::id));
    }

    /** All servers whose name matches the Nova regex and parses as ours, page after page. */
    private List<CloudServer> listOurs(String nameRegex) throws CloudException {
        String operation = "list servers";
        List<CloudServer> result = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        for (int page = 1; ; page++) {
            if (page > cx.options().maxListPages()) {
                throw new InvalidResponseException(operation, 200, "more than " + cx.options().maxListPages()
                        + " pages of servers", null);
            }
            String pageMarker = marker;
            Wire.ServerPage body = cx.calls().idempotent("servers.list", operation,
                    attempt -> cx.nova().listServers(nameRegex, pageMarker, operation));
            if (body.servers() == null) {
                throw new InvalidResponseException(operation, 200, "no 'servers' list", null);
            }
            for (Wire.Server server : body.servers()) {
                ours(server, operation).ifPresent(result::add);
            }
            marker = nextMarker(body);
            if (marker == null || body.servers().isEmpty()) {
                return result;
            }
            if (!markers.add(marker)) {
                throw new InvalidResponseException(operation, 200, "the next page link repeats marker " + marker, null);
            }
        }
    }

    /**
     * The server as a {@link CloudServer} if its name is ours. A server of ours with no id,
     * status or creation time fails the whole list: acting on part of it could double the fleet.
     */
    private Optional<CloudServer> ours(Wire.Server server, String operation) throws CloudException {
        if (server == null || server.name() == null) {
            return Optional.empty();
        }
        Optional<InstanceName> name = InstanceName.parse(server.name(), cx.prefix());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Instant created = NovaTime.parse(server.created());
        if (server.id() == null || server.id().isBlank() || server.status() == null || created == null) {
            throw new InvalidResponseException(operation, 200, "server " + server.name()
                    + " lacks a valid id, status or created time", null);
        }
        List<String> addresses = new ArrayList<>();
        if (server.addresses() != null) {
            server.addresses().values().forEach(list -> {
                if (list != null) {
                    list.stream().filter(a -> a != null && a.addr() != null).forEach(a -> addresses.add(a.addr()));
                }
            });
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (server.metadata() != null) {
            server.metadata().forEach((k, v) -> {
                if (k != null && v != null) {
                    metadata.put(k, v);
                }
            });
        }
        return Optional.of(new CloudServer(server.id(), name.get(), ServerStatus.fromNova(server.status()), created,
                metadata, addresses, server.keyName()));
    }

    /** The marker of Nova's "next" link, or null on the last page. */
    private static String nextMarker(Wire.ServerPage page) {
        if (page.links() == null) {
            return null;
        }
        for (Wire.Link link : page.links()) {
            if (link == null || !"next".equals(link.rel()) || link.href() == null) {
                continue;
            }
            try {
                String query = new URI(link.href()).getRawQuery();
                if (query != null) {
                    for (String pair : query.split("&")) {
                        if (pair.startsWith("marker=")) {
                            return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                        }
                    }
                }
            } catch (URISyntaxException e) {
                // fall back to the last server's id
            }
            List<Wire.Server> servers = page.servers();
            return servers.isEmpty() ? null : servers.get(servers.size() - 1).id();
        }
        return null;
    }

    /** Nova matches names with a database regex: escape what is special in one. */
    static String regexQuote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (".^$*+?()[]{}|\\".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }
}
