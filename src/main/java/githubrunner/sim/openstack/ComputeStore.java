package githubrunner.sim.openstack;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/** Nova's side: servers, keypairs, flavors and quotas, validated as Nova does. */
final class ComputeStore {
    static final int MAX_USER_DATA_BYTES = 65535;
    static final int MAX_METADATA_ITEMS = 128;
    private static final Pattern KEYPAIR_NAME = Pattern.compile("[a-zA-Z0-9 _\\-.@]{1,255}");

    /** A keypair Nova generated: the record plus the private half it hands out once. */
    record CreatedKeypair(SimKeypair keypair, String privateKey) {}

    /** A server create that went through; the admin password is shown in the 202 answer only. */
    record Created(SimServer server, String adminPass) {}

    private final Clock clock;
    private final NetworkStore network;
    private final ImageStore images;
    private final String userId;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ServerRecord> servers = new LinkedHashMap<>();
    private final Map<String, SimServer> deleted = new LinkedHashMap<>();
    private final Map<String, SimKeypair> keypairs = new TreeMap<>();
    private final Map<String, SimFlavor> flavors = new LinkedHashMap<>();
    private final Map<String, Integer> nextHost = new LinkedHashMap<>();
    private int nextKeypairId = 1;
    private final int keyBits;
    private final VmSshServers ssh;
    private Quotas quotas;
    private Duration buildDelay;

    ComputeStore(Clock clock, NetworkStore network, ImageStore images, String userId, List<SimFlavor> flavors,
                 Quotas quotas, Duration buildDelay, int keyBits, VmSshServers ssh) {
        this.clock = clock;
        this.network = network;
        this.images = images;
        this.userId = userId;
        flavors.forEach(f -> this.flavors.put(f.id(), f));
        this.quotas = quotas;
        this.buildDelay = buildDelay;
        this.keyBits = keyBits;
        this.ssh = ssh;
    }

    // ---- servers

    synchronized Created create(BootRequest request) throws ApiError {
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new ApiError(400, "Invalid input for field/attribute name. Value: " + request.name()
                    + ". 'name' must be a non-empty string of at most 255 characters");
        }
        String userData = request.userData();
        if (userData != null) {
            if (userData.length() > MAX_USER_DATA_BYTES) {
                throw new ApiError(400, "User data too large. User data must be no larger than " + MAX_USER_DATA_BYTES
                        + " bytes once base64 encoded. Your data is " + userData.length() + " bytes");
            }
            try {
                Base64.getDecoder().decode(userData);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "Invalid input for field/attribute user_data. Value: (user data). "
                        + "'(user data)' is not a 'base64'");
            }
        }
        checkMetadata(request.metadata());
        SimFlavor flavor = flavors.get(request.flavorRef());
        if (flavor == null) {
            throw new ApiError(400, "Invalid flavorRef provided.");
        }
        if (request.imageRef() == null || images.image(request.imageRef()).isEmpty()) {
            throw new ApiError(400, "Can not find requested image");
        }
        if (request.keyName() != null && !keypairs.containsKey(request.keyName())) {
            throw new ApiError(400, "Invalid key_name provided.");
        }
        List<String> groups = request.securityGroups().isEmpty() ? List.of("default") : request.securityGroups();
        for (String group : groups) {
            int found = network.groupsNamed(group).size();
            if (found == 0) {
                throw new ApiError(400, "Security group " + group + " not found.");
            }
            if (found > 1) {
                throw new ApiError(409, "Multiple security_group matches found for name '" + group
                        + "', use an ID to be more specific.");
            }
        }
        List<SimNetwork> attached = networksFor(request.networks());
        checkQuota(flavor);

        Instant now = clock.instant();
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (SimNetwork net : attached) {
            addresses.computeIfAbsent(net.name(), k -> new ArrayList<>()).add(nextAddress(net));
        }
        byte[] host = new byte[28];
        random.nextBytes(host);
        byte[] pass = new byte[9];
        random.nextBytes(pass);
        ServerRecord server = new ServerRecord(UUID.randomUUID().toString(), name, request.imageRef(), flavor,
                attached.stream().map(SimNetwork::id).toList(), addresses, request.keyName(), groups, userData,
                request.configDrive(), request.metadata(), now, now.plus(buildDelay), HexFormat.of().formatHex(host),
                Base64.getUrlEncoder().withoutPadding().encodeToString(pass));
        server.bootFails = request.bootFails();
        servers.put(server.id, server);
        if (ssh != null && request.keyName() != null) {
            addresses.values().stream().flatMap(List::stream).findFirst().ifPresent(address ->
                    ssh.add(server.id, address, keypairs.get(request.keyName()).publicKey(), new VmFiles()));
        }
        return new Created(server.snapshot(now), server.adminPass);
    }

    private void checkMetadata(Map<String, String> metadata) throws ApiError {
        if (metadata.size() > MAX_METADATA_ITEMS) {
            throw new ApiError(403, "Quota exceeded for metadata_items: Requested " + metadata.size()
                    + ", but already used 0 of " + MAX_METADATA_ITEMS + " metadata_items");
        }
        for (Map.Entry<String, String> item : metadata.entrySet()) {
            if (item.getKey().isEmpty() || item.getKey().length() > 255 || item.getValue().length() > 255) {
                throw new ApiError(400, "Invalid input for field/attribute metadata. Value: " + item.getKey()
                        + ". keys and values must be 1 to 255 characters");
            }
        }
    }

    /** The networks to attach: those asked for, or the only one there is. */
    private List<SimNetwork> networksFor(List<String> requested) throws ApiError {
        List<SimNetwork> all = network.networks();
        if (requested == null || requested.isEmpty()) {
            if (all.size() > 1) {
                throw new ApiError(409, "Multiple possible networks found, use a Network ID to be more specific.");
            }
            return all;
        }
        List<SimNetwork> result = new ArrayList<>();
        for (String id : requested) {
            Optional<SimNetwork> net = network.network(id);
            if (net.isEmpty()) {
                throw new ApiError(400, "Network " + id + " could not be found.");
            }
            result.add(net.get());
        }
        return result;
    }

    /** Nova's message: {@code Quota exceeded for instances: Requested 1, but already used 10 of 10 instances}. */
    private void checkQuota(SimFlavor flavor) throws ApiError {
        Usage used = usage();
        Map<String, long[]> overs = new TreeMap<>(); // resource -> {requested, used, allowed}
        if (quotas.cores() >= 0 && used.cores + flavor.vcpus() > quotas.cores()) {
            overs.put("cores", new long[] {flavor.vcpus(), used.cores, quotas.cores()});
        }
        if (quotas.instances() >= 0 && used.instances + 1 > quotas.instances()) {
            overs.put("instances", new long[] {1, used.instances, quotas.instances()});
        }
        if (quotas.ramMb() >= 0 && used.ramMb + flavor.ramMb() > quotas.ramMb()) {
            overs.put("ram", new long[] {flavor.ramMb(), used.ramMb, quotas.ramMb()});
        }
        if (!overs.isEmpty()) {
            String names = String.join(", ", overs.keySet());
            long[] first = overs.values().iterator().next();
            throw new ApiError(403, "Quota exceeded for " + names + ": Requested " + first[0] + ", but already used "
                    + first[1] + " of " + first[2] + " " + names);
        }
    }

    /**
     * Loopback addresses, 127.<network>.x.y, so that each server's SSH endpoint is reachable on
     * this machine at the address Nova reports (the whole 127/8 is local on Linux).
     */
    private String nextAddress(SimNetwork net) {
        int host = nextHost.merge(net.id(), 1, Integer::sum) + 1; // .0 is the network, .1 the gateway
        return "127." + net.index() + "." + (host / 256) + "." + (host % 256);
    }

    /** Usage counted as Nova does: every server that is not deleted, ERROR ones included. */
    synchronized Usage usage() {
        int cores = 0;
        int ram = 0;
        for (ServerRecord server : servers.values()) {
            cores += server.flavor.vcpus();
            ram += server.flavor.ramMb();
        }
        return new Usage(servers.size(), cores, ram);
    }

    record Usage(int instances, int cores, int ramMb) {}

    /** Servers newest first (Nova's default sort: created_at desc, then id desc). */
    private List<ServerRecord> liveRecords() {
        List<ServerRecord> result = new ArrayList<>(servers.values());
        result.sort(Comparator.comparing((ServerRecord s) -> s.createdAt).thenComparing(s -> s.id).reversed());
        return result;
    }

    /** Copies of the servers, newest first, that the API can render while others change the store. */
    synchronized List<ServerRecord> serverRecords() {
        return liveRecords().stream().map(ServerRecord::copy).toList();
    }

    synchronized List<SimServer> servers() {
        Instant now = clock.instant();
        return liveRecords().stream().map(s -> s.snapshot(now)).toList();
    }

    /** A copy of one server. */
    synchronized Optional<ServerRecord> record(String id) {
        return Optional.ofNullable(servers.get(id)).map(ServerRecord::copy);
    }

    synchronized Optional<SimServer> server(String id) {
        return Optional.ofNullable(servers.get(id)).map(s -> s.snapshot(clock.instant()));
    }

    synchronized void delete(String id) throws ApiError {
        ServerRecord server = servers.remove(id);
        if (server == null) {
            throw new ApiError(404, "Instance " + id + " could not be found.");
        }
        if (ssh != null) {
            ssh.remove(id);
        }
        SimServer last = server.snapshot(clock.instant());
        deleted.put(id, new SimServer(last.id(), last.name(), "DELETED", last.imageId(), last.flavorId(),
                last.networkIds(), last.keyName(), last.securityGroups(), last.userData(), last.configDrive(),
                last.metadata(), last.createdAt(), last.addresses(), last.faultMessage()));
    }

    /** Removes a server without the API, as an operator or another tool would. */
    synchronized void remove(String id) {
        if (servers.remove(id) == null) {
            throw new IllegalArgumentException("no server " + id);
        }
        if (ssh != null) {
            ssh.remove(id);
        }
    }

    synchronized List<SimServer> deletedServers() {
        return List.copyOf(deleted.values());
    }

    /** Servers that reached ACTIVE since the last call, each reported once. */
    synchronized List<SimServer> drainNewlyActive() {
        Instant now = clock.instant();
        List<SimServer> result = new ArrayList<>();
        for (ServerRecord server : liveRecords()) {
            if (!server.reportedActive && "ACTIVE".equals(server.status(now))) {
                server.reportedActive = true;
                result.add(server.snapshot(now));
            }
        }
        return result;
    }

    synchronized void setStatus(String id, String status, String faultMessage) {
        ServerRecord server = servers.get(id);
        if (server == null) {
            throw new IllegalArgumentException("no server " + id);
        }
        server.statusOverride = status;
        server.faultMessage = faultMessage;
        server.updatedAt = clock.instant();
    }

    /** A server put straight into the store (no validation, no quota), for tests and benchmarks. */
    synchronized SimServer seed(String name, Map<String, String> metadata, Instant createdAt, String status) {
        SimFlavor flavor = flavors.values().iterator().next();
        List<SimNetwork> nets = network.networks().isEmpty() ? List.of() : List.of(network.networks().get(0));
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (SimNetwork net : nets) {
            addresses.computeIfAbsent(net.name(), k -> new ArrayList<>()).add(nextAddress(net));
        }
        String image = images.images().isEmpty() ? UUID.randomUUID().toString() : images.images().get(0).id();
        ServerRecord server = new ServerRecord(UUID.randomUUID().toString(), name, image, flavor,
                nets.stream().map(SimNetwork::id).toList(), addresses, null, List.of("default"), null, false, metadata,
                createdAt, createdAt, HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)), "seeded");
        if (status != null && !status.equals("ACTIVE")) {
            server.statusOverride = status;
        }
        servers.put(server.id, server);
        return server.snapshot(clock.instant());
    }

    // ---- metadata

    synchronized Map<String, String> metadata(String id) throws ApiError {
        return Map.copyOf(existing(id).metadata);
    }

    /** POST merges, PUT replaces, as Nova's server-metadata API. */
    synchronized Map<String, String> updateMetadata(String id, Map<String, String> items, boolean replace) throws ApiError {
        ServerRecord server = existing(id);
        Map<String, String> next = new LinkedHashMap<>(replace ? Map.of() : server.metadata);
        next.putAll(items);
        checkMetadata(next);
        server.metadata.clear();
        server.metadata.putAll(next);
        server.updatedAt = clock.instant();
        return Map.copyOf(server.metadata);
    }

    synchronized void deleteMetadataItem(String id, String key) throws ApiError {
        if (existing(id).metadata.remove(key) == null) {
            throw new ApiError(404, "Metadata item was not found");
        }
    }

    private ServerRecord existing(String id) throws ApiError {
        ServerRecord server = servers.get(id);
        if (server == null) {
            throw new ApiError(404, "Instance " + id + " could not be found.");
        }
        return server;
    }

    // ---- keypairs

    CreatedKeypair createKeypair(String name, String importedPublicKey) throws ApiError {
        if (name == null || !KEYPAIR_NAME.matcher(name).matches()) {
            throw new ApiError(400, "Keypair data is invalid: Keypair name contains unsafe characters");
        }
        String publicKey;
        String fingerprint;
        String privateKey = null;
        if (importedPublicKey != null) {
            fingerprint = SshKeys.fingerprintOf(importedPublicKey);
            if (fingerprint == null) {
                throw new ApiError(400, "Keypair data is invalid: failed to generate fingerprint");
            }
            publicKey = importedPublicKey;
        } else {
            // Outside the store's lock: RSA generation takes milliseconds to a second, and would hold up every other call.
            SshKeys.Generated generated = SshKeys.generate(keyBits);
            publicKey = generated.publicKey();
            fingerprint = generated.fingerprint();
            privateKey = generated.privateKeyPem();
        }
        synchronized (this) {
            if (keypairs.containsKey(name)) {
                throw new ApiError(409, "Key pair '" + name + "' already exists.");
            }
            if (quotas.keypairs() >= 0 && keypairs.size() >= quotas.keypairs()) {
                throw new ApiError(403, "Quota exceeded, too many key pairs.");
            }
            SimKeypair keypair = new SimKeypair(nextKeypairId++, name, publicKey, fingerprint, userId, clock.instant());
            keypairs.put(name, keypair);
            return new CreatedKeypair(keypair, privateKey);
        }
    }

    /** A keypair put straight into the store, e.g. an orphan left by an earlier run. */
    synchronized SimKeypair seedKeypair(String name, Instant createdAt) {
        SshKeys.Generated generated = SshKeys.generate(keyBits);
        SimKeypair keypair = new SimKeypair(nextKeypairId++, name, generated.publicKey(), generated.fingerprint(),
                userId, createdAt);
        keypairs.put(name, keypair);
        return keypair;
    }

    synchronized List<SimKeypair> keypairs() {
        return List.copyOf(keypairs.values());
    }

    synchronized SimKeypair keypair(String name) throws ApiError {
        SimKeypair keypair = keypairs.get(name);
        if (keypair == null) {
            throw new ApiError(404, "Keypair " + name + " not found for user " + userId);
        }
        return keypair;
    }

    synchronized void deleteKeypair(String name) throws ApiError {
        if (keypairs.remove(name) == null) {
            throw new ApiError(404, "Keypair " + name + " not found for user " + userId);
        }
    }

    // ---- flavors and quotas

    synchronized List<SimFlavor> flavors() {
        return List.copyOf(flavors.values());
    }

    synchronized Optional<SimFlavor> flavor(String id) {
        return Optional.ofNullable(flavors.get(id));
    }

    synchronized Quotas quotas() {
        return quotas;
    }

    synchronized void setQuotas(Quotas quotas) {
        this.quotas = quotas;
    }

    synchronized void setBuildDelay(Duration delay) {
        this.buildDelay = delay;
    }

    String userId() {
        return userId;
    }
}
