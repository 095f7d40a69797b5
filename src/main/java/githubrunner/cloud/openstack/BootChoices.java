package githubrunner.cloud.openstack;

import java.util.List;
import java.util.Optional;

/**
 * The configured flavor and network, resolved to ids once (the settings may give a name or an
 * id) and kept until a boot says they are gone.
 */
final class BootChoices {
    private final CloudContext cx;
    private final String flavor;
    private final String network;
    private final SharedLookup<String> flavorId = new SharedLookup<>(this::findFlavor);
    private final SharedLookup<String> networkId = new SharedLookup<>(this::findNetwork);

    BootChoices(CloudContext cx, String flavor, String network) {
        this.cx = cx;
        this.flavor = flavor;
        this.network = network;
    }

    /** The configured flavor's id; the setting may be an id or a name. */
    String flavorId() throws CloudException {
        return flavorId.get();
    }

    /** The configured network's id (the setting may be a name or an id), or null to let Nova choose. */
    String networkId() throws CloudException {
        return network == null || network.isBlank() ? null : networkId.get();
    }

    private String findFlavor() throws CloudException {
        String wanted = flavor;
        String operation = "find flavor " + wanted;
        if (wanted == null || wanted.isBlank()) {
            throw new FlavorNotFoundException(operation, 0, "no flavor is configured", null);
        }
        Wire.FlavorList list = cx.calls().idempotent("flavors.list", "list flavors",
                a -> cx.nova().listFlavors("list flavors"));
        if (list.flavors() == null) {
            throw new InvalidResponseException("list flavors", 200, "no 'flavors' list", null);
        }
        List<Wire.Flavor> flavors = list.flavors().stream().filter(f -> f != null && f.id() != null).toList();
        Optional<Wire.Flavor> byId = flavors.stream().filter(f -> wanted.equals(f.id())).findFirst();
        List<Wire.Flavor> byName = flavors.stream().filter(f -> wanted.equals(f.name())).toList();
        String id;
        if (byId.isPresent()) {
            id = byId.get().id();
        } else if (byName.size() == 1) {
            id = byName.get(0).id();
        } else if (byName.isEmpty()) {
            throw new FlavorNotFoundException(operation, 0, "no flavor has the id or name '" + wanted + "'", null);
        } else {
            throw new RequestRejectedException(operation, 0, byName.size() + " flavors are named '" + wanted
                    + "'; configure the flavor by id", null);
        }
        return id;
    }

    private String findNetwork() throws CloudException {
        String wanted = network;
        String operation = "find network " + wanted;
        List<Wire.Network> found = findNetworks("name", wanted, operation);
        if (found.isEmpty()) {
            found = findNetworks("id", wanted, operation);
        }
        if (found.isEmpty()) {
            throw new NetworkNotFoundException(operation, 0, "no network has the name or id '" + wanted + "'", null);
        }
        if (found.size() > 1) {
            throw new RequestRejectedException(operation, 0, found.size() + " networks are named '" + wanted
                    + "'; configure the network by id", null);
        }
        return found.get(0).id();
    }

    /** After a boot refused them: look them up again next time. */
    void forget(ErrorKind kind) {
        switch (kind) {
            case FLAVOR_NOT_FOUND -> flavorId.forget();
            case NETWORK_NOT_FOUND -> networkId.forget();
            default -> { }
        }
    }

    private List<Wire.Network> findNetworks(String attribute, String value, String operation) throws CloudException {
        Wire.NetworkList list = cx.calls().idempotent("networks.list", operation,
                a -> cx.neutron().findNetworks(attribute, value, operation));
        if (list.networks() == null) {
            throw new InvalidResponseException(operation, 200, "no 'networks' list", null);
        }
        // Neutron filters exactly; check anyway rather than trust it.
        return list.networks().stream()
                .filter(n -> n != null && n.id() != null && value.equals(attribute.equals("id") ? n.id() : n.name()))
                .toList();
    }
}
