package githubrunner.charm.config;

import githubrunner.juju.JujuBackend;
import githubrunner.juju.JujuException;
import githubrunner.contract.ManagerConfig.TmateServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and validates what remote charms put in the image and debug-ssh relations. */
final class RelationData {
    static final String IMAGE_MISSING = "Please provide image integration.";
    static final String IMAGE_WAITING = "Waiting for image over integration.";
    /** Keys Juju adds to every unit databag; they say nothing about the remote charm's data. */
    private static final Set<String> JUJU_KEYS = Set.of("private-address", "ingress-address", "egress-subnets");
    private static final Pattern IMAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,255}");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final Logger LOG = LoggerFactory.getLogger(RelationData.class);

    private final JujuBackend juju;

    RelationData(JujuBackend juju) {
        this.juju = juju;
    }

    /** The image id and tags from the image builder (reference/juju.md §4c). */
    record Image(String id, List<String> tags) {}

    Image image() throws ConfigException {
        List<String> relations = juju.relationIds("image");
        if (relations.isEmpty()) {
            throw ConfigException.blocked(IMAGE_MISSING);
        }
        String relation = relations.get(0);
        List<String> units = units(relation);
        if (units.isEmpty()) {
            throw ConfigException.blocked(IMAGE_MISSING);
        }
        for (String unit : units) {
            Map<String, String> bag = unitData(relation, unit);
            if (bag.isEmpty()) {
                continue;
            }
            String id = bag.getOrDefault("id", "").strip();
            if (id.isEmpty()) {
                throw ConfigException.waiting(IMAGE_WAITING);
            }
            if (!IMAGE_ID.matcher(id).matches()) {
                throw ConfigException.blocked("Invalid image id from the image integration (" + unit + ")");
            }
            List<String> tags = new ArrayList<>();
            for (String tag : bag.getOrDefault("tags", "").split(",")) {
                String label = tag.strip();
                if (label.isEmpty()) {
                    continue;
                }
                if (!Labels.isValid(label)) {
                    throw ConfigException.blocked("Invalid image tag '" + label + "' from the image integration (" + unit + ")");
                }
                tags.add(label);
            }
            return new Image(id, List.copyOf(tags));
        }
        throw ConfigException.waiting(IMAGE_WAITING);
    }

    /** Every complete tmate server of the first debug-ssh relation; incomplete units are skipped. */
    List<TmateServer> tmateServers() throws ConfigException {
        List<String> relations = juju.relationIds("debug-ssh");
        if (relations.isEmpty()) {
            return List.of();
        }
        String relation = relations.get(0);
        List<TmateServer> servers = new ArrayList<>();
        for (String unit : units(relation)) {
            Map<String, String> bag = unitData(relation, unit);
            String host = bag.getOrDefault("host", "").strip();
            String port = bag.getOrDefault("port", "").strip();
            String rsa = bag.getOrDefault("rsa_fingerprint", "").strip();
            String ed25519 = bag.getOrDefault("ed25519_fingerprint", "").strip();
            if (host.isEmpty() || port.isEmpty() || rsa.isEmpty() || ed25519.isEmpty()) {
                LOG.warn("debug-ssh relation data for {} not yet ready", unit);
                continue;
            }
            if (!Addresses.isHost(host) || !Addresses.isPort(port) || !FINGERPRINT.matcher(rsa).matches()
                    || !FINGERPRINT.matcher(ed25519).matches()) {
                LOG.warn("debug-ssh relation data for {} is invalid: host, port or fingerprints malformed", unit);
                throw ConfigException.blocked("Invalid SSH Debug info");
            }
            servers.add(new TmateServer(host, Integer.parseInt(port), rsa, ed25519));
        }
        return List.copyOf(servers);
    }

    private List<String> units(String relation) {
        try {
            return juju.relationList(relation);
        } catch (JujuException.RelationNotFound e) {
            return List.of();   // broken while this hook ran
        }
    }

    private Map<String, String> unitData(String relation, String unit) {
        try {
            Map<String, String> bag = new LinkedHashMap<>(juju.relationGet(relation, unit, false));
            bag.keySet().removeAll(JUJU_KEYS);
            return bag;
        } catch (JujuException.RelationNotFound e) {
            return Map.of();
        }
    }
}
