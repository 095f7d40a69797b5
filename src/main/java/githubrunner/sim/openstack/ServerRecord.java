package githubrunner.sim.openstack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The emulator's mutable record of one server; guarded by {@link ComputeStore}'s lock. */
final class ServerRecord {
    final String id;
    final String name;
    final String imageId;
    final SimFlavor flavor;
    final List<String> networkIds;
    final Map<String, List<String>> addresses;
    final String keyName;
    final List<String> securityGroups;
    final String userDataBase64;
    final boolean configDrive;
    final Map<String, String> metadata;
    final Instant createdAt;
    final String hostId;
    final String adminPass;
    Instant updatedAt;
    Instant readyAt;
    boolean bootFails;
    String statusOverride;
    String faultMessage;
    boolean reportedActive;

    ServerRecord(String id, String name, String imageId, SimFlavor flavor, List<String> networkIds,
                 Map<String, List<String>> addresses, String keyName, List<String> securityGroups,
                 String userDataBase64, boolean configDrive, Map<String, String> metadata, Instant createdAt,
                 Instant readyAt, String hostId, String adminPass) {
        this.id = id;
        this.name = name;
        this.imageId = imageId;
        this.flavor = flavor;
        this.networkIds = List.copyOf(networkIds);
        this.addresses = addresses;
        this.keyName = keyName;
        this.securityGroups = List.copyOf(securityGroups);
        this.userDataBase64 = userDataBase64;
        this.configDrive = configDrive;
        this.metadata = new LinkedHashMap<>(metadata);
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.readyAt = readyAt;
        this.hostId = hostId;
        this.adminPass = adminPass;
    }

    /** A private copy, for rendering outside the store's lock. */
    ServerRecord copy() {
        Map<String, List<String>> addressCopy = new LinkedHashMap<>();
        addresses.forEach((network, ips) -> addressCopy.put(network, List.copyOf(ips)));
        ServerRecord copy = new ServerRecord(id, name, imageId, flavor, networkIds, addressCopy, keyName,
                securityGroups, userDataBase64, configDrive, metadata, createdAt, readyAt, hostId, adminPass);
        copy.updatedAt = updatedAt;
        copy.bootFails = bootFails;
        copy.statusOverride = statusOverride;
        copy.faultMessage = faultMessage;
        copy.reportedActive = reportedActive;
        return copy;
    }

    /** BUILD until the boot finishes, then ACTIVE (or ERROR for a failed boot), unless set by hand. */
    String status(Instant now) {
        if (statusOverride != null) {
            return statusOverride;
        }
        if (now.isBefore(readyAt)) {
            return "BUILD";
        }
        return bootFails ? "ERROR" : "ACTIVE";
    }

    /** The fault shown for an ERROR server. */
    String fault(Instant now) {
        if (!"ERROR".equals(status(now))) {
            return null;
        }
        return faultMessage != null ? faultMessage : "No valid host was found. There are not enough hosts available.";
    }

    /** When the server reached its current state, for "updated" and "launched_at". */
    Instant settledAt(Instant now) {
        return now.isBefore(readyAt) ? updatedAt : (readyAt.isAfter(updatedAt) ? readyAt : updatedAt);
    }

    SimServer snapshot(Instant now) {
        String userData = userDataBase64 == null ? null
                : new String(Base64.getDecoder().decode(userDataBase64), StandardCharsets.UTF_8);
        Map<String, List<String>> addressCopy = new LinkedHashMap<>();
        addresses.forEach((network, ips) -> addressCopy.put(network, List.copyOf(ips)));
        return new SimServer(id, name, status(now), imageId, flavor.id(), networkIds, keyName, securityGroups, userData,
                configDrive, Map.copyOf(metadata), createdAt, Map.copyOf(addressCopy), fault(now));
    }
}
