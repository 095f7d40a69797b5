package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openstack4j.api.Builders;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This unit's view of OpenStack: its runner VMs, their keypairs and key files, and the shared
 * security group. Everything it lists or deletes is parsed strictly as {@code <prefix>-<12 hex>}
 * (or a legacy {@code n-}/{@code r-} name), so it never touches another unit's resources.
 *
 * <p>Reads, lookups and deletes are retried on transient failures (5xx, timeouts, broken
 * connections); creates never are. When a create's answer is lost, the name is looked up: a
 * server that exists is kept, otherwise what was made for it (keypair, key file) is removed.
 *
 * <p>Thread-safe; every call has connect and read timeouts. No network call happens before the
 * first operation.
 */
public final class OpenStackCloud {
    private static final Logger LOG = LoggerFactory.getLogger(OpenStackCloud.class);
    /** The value of {@code platform_name} in server metadata, as the Python charm writes it. */
    public static final String PLATFORM = "github";
    /** Nova refuses user data longer than this once base64-encoded. */
    static final int MAX_USER_DATA = 65535;

    private final OpenStackTarget cloud;
    private final String prefix;
    private final OpenStackOptions options;
    private final CallStats stats = new CallStats();
    private final CallExecutor calls;
    private final NovaCalls nova = new NovaCalls();
    private final NeutronCalls neutron = new NeutronCalls();
    private final KeyFiles keys;
    private volatile String flavorId;
    private volatile String networkId;
    private volatile String securityGroupId;
    /** After an ambiguous group create, until when (System.nanoTime) another create could duplicate it. */
    private volatile long groupCreateInFlightUntil = System.nanoTime();

    /**
     * @param prefix the unit's name prefix, e.g. {@code github-runner-0}
     * @param keyDirectory where private keys go (resolved through HostPaths by the caller)
     */
    public OpenStackCloud(OpenStackTarget cloud, String prefix, Path keyDirectory) {
        this(cloud, prefix, keyDirectory, OpenStackOptions.defaults());
    }

    public OpenStackCloud(OpenStackTarget cloud, String prefix, Path keyDirectory, OpenStackOptions options) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.prefix = requireText(prefix, "prefix");
        this.options = Objects.requireNonNull(options, "options");
        requireText(cloud.authUrl(), "authUrl");
        requireText(cloud.username(), "username");
        Objects.requireNonNull(cloud.password(), "password");
        requireText(cloud.projectName(), "projectName");
        requireText(cloud.regionName(), "regionName");
        Config config = Config.newConfig()
                .withConnectionTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
                .withReadTimeout(Math.toIntExact(options.readTimeout().toMillis()));
        KeystoneSession session = new KeystoneSession(cloud, config, options.clock(), stats);
        this.calls = new CallExecutor(session, options.retry(), stats);
        this.keys = new KeyFiles(Objects.requireNonNull(keyDirectory, "keyDirectory"), prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** Counters of calls and errors per operation, for the metrics endpoint. */
    public CallStats stats() {
        return stats;
    }

    /** Where the private key of this VM is kept (mode 0400), for SSH. */
    public Path keyFile(InstanceName name) {
        return keys.path(name);
    }

    // ---- security group

    /**
     * Makes sure the shared group {@code github-runner-v1} exists with its rules. Idempotent: when
     * all is in place it only looks (one list call). Rules are added, never removed.
     */
    public synchronized void ensureSecurityGroup() throws CloudException {
        Wire.SecurityGroup group = findSecurityGroup();
        if (group == null) {
            group = createSecurityGroup();
        }
        for (SecurityGroupSpec.RuleSpec rule : SecurityGroupSpec.missing(group.rules())) {
            createRule(group.id(), rule);
        }
        securityGroupId = group.id();
    }

    /**
     * Several groups of that name can exist (units racing to create it): all units pick the one
     * with the smallest id, so they converge on the same group.
     */
    private Wire.SecurityGroup findSecurityGroup() throws CloudException {
        String operation = "find security group " + SecurityGroupSpec.NAME;
        Wire.SecurityGroupList list = calls.idempotent("security_groups.list", operation,
                attempt -> neutron.findSecurityGroups(SecurityGroupSpec.NAME, operation));
        if (list.groups() == null) {
            throw new InvalidResponseException(operation, 200, "no 'security_groups' list", null);
        }
        List<Wire.SecurityGroup> named = list.groups().stream()
                .filter(g -> g != null && g.id() != null && SecurityGroupSpec.NAME.equals(g.name()))
                .sorted(Comparator.comparing(Wire.SecurityGroup::id))
                .toList();
        if (named.size() > 1) {
            LOG.warn("{} security groups are named {}; using {}", named.size(), SecurityGroupSpec.NAME, named.get(0).id());
        }
        return named.isEmpty() ? null : named.get(0);
    }

    /**
     * Creates the group once. Neutron does not refuse a second group of the same name, so after an
     * ambiguous failure (the create may still land) no new create is sent for a while: three read
     * timeouts, by the real clock, as it is about requests in flight.
     */
    private Wire.SecurityGroup createSecurityGroup() throws CloudException {
        String operation = "create security group " + SecurityGroupSpec.NAME;
        long wait = groupCreateInFlightUntil - System.nanoTime();
        if (wait > 0) {
            throw new CloudTimeoutException(operation, 0, "an earlier create may still be in progress; not sending "
                    + "another for " + Duration.ofNanos(wait).toSeconds() + " s", null);
        }
        try {
            Wire.SecurityGroup group = calls.once("security_groups.create", operation, attempt -> neutron.createSecurityGroup(
                    Builders.securityGroup().name(SecurityGroupSpec.NAME).description(SecurityGroupSpec.DESCRIPTION).build(),
                    operation));
            LOG.info("Created security group {} ({})", SecurityGroupSpec.NAME, group.id());
            return group;
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                Wire.SecurityGroup found = findSecurityGroup(); // did it get created after all?
                if (found != null) {
                    return found;
                }
                groupCreateInFlightUntil = System.nanoTime() + options.readTimeout().multipliedBy(3).toNanos();
            }
            throw e;
        }
    }

    private void createRule(String groupId, SecurityGroupSpec.RuleSpec rule) throws CloudException {
        String operation = "add rule " + rule + " to security group " + SecurityGroupSpec.NAME;
        try {
            Wire.Rule created = calls.once("security_group_rules.create", operation,
                    attempt -> neutron.createRule(rule.toRequest(groupId), operation));
            LOG.info("{}: {}", operation, created == null ? "already there" : "added");
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                String lookup = "list rules of security group " + SecurityGroupSpec.NAME;
                Wire.RuleList rules = calls.idempotent("security_group_rules.list", lookup,
                        attempt -> neutron.rulesOf(groupId, lookup));
                if (rules.rules() != null && rules.rules().stream().anyMatch(rule::isSatisfiedBy)) {
                    return;
                }
            }
            throw e;
        }
    }

    // ---- servers

    /**
     * Boots a VM and returns without waiting for it to be ACTIVE. Creates its keypair (private key
     * kept in the key directory), and boots with the shared security group, the configured flavor
     * and network, a config drive, and metadata {@code platform_name=github}, {@code prefix} plus
     * the given items (e.g. {@code runner_id}). On failure, what was made for it is removed and
     * the error is thrown; when the answer was lost but the server exists, that server is returned.
     *
     * @param userData the cloud-init script, as text (base64-encoded here)
     */
    public CloudServer createServer(InstanceName name, String imageId, String userData, Map<String, String> metadata)
            throws CloudException {
        requireOurs(name);
        requireText(imageId, "imageId");
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(metadata, "metadata");
        String operation = "create server " + name;
        String encoded = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        if (encoded.length() > MAX_USER_DATA) {
            throw new RequestRejectedException(operation, 0, "user data is " + encoded.length()
                    + " bytes once base64-encoded; Nova accepts at most " + MAX_USER_DATA, null);
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent(CloudServer.PLATFORM_NAME, PLATFORM);
        meta.put(CloudServer.PREFIX, prefix);

        String flavor = flavorId();
        String network = networkId();
        String group = securityGroupId();
        createKeypair(name);
        ServerCreateBuilder builder = Builders.server()
                .name(name.value())
                .image(imageId)
                .flavor(flavor)
                .keypairName(name.value())
                .addSecurityGroup(group)
                .userData(encoded)
                .configDrive(true)
                .addMetadata(meta);
        if (network != null) {
            builder.networks(List.of(network));
        }
        ServerCreate request = builder.build();
        try {
            Wire.Server created = calls.once("servers.create", operation, attempt -> nova.createServer(request, operation));
            LOG.info("Created server {} ({})", name, created.id());
            return new CloudServer(created.id(), name, ServerStatus.BUILD, options.clock().instant(), meta, List.of());
        } catch (CloudException failure) {
            return recoverFailedCreate(name, operation, failure);
        }
    }

    /** After a failed create: keep a server that exists after all, else clean up and report. */
    private CloudServer recoverFailedCreate(InstanceName name, String operation, CloudException failure)
            throws CloudException {
        if (failure.kind().isAmbiguous()) {
            Optional<CloudServer> existing;
            try {
                existing = findServer(name);
            } catch (CloudException lookup) {
                // Cannot tell: leave keypair and key file; the orphan cleanup removes them if no server appears.
                failure.addSuppressed(lookup);
                LOG.warn("{} failed ({}) and the lookup failed too; leaving its keypair for the orphan cleanup",
                        operation, failure.kind().label());
                throw failure;
            }
            if (existing.isPresent()) {
                LOG.warn("{}: the answer was lost ({}) but the server exists ({}); keeping it", operation,
                        failure.kind().label(), existing.get().id());
                return existing.get();
            }
        }
        switch (failure.kind()) {
            case FLAVOR_NOT_FOUND -> flavorId = null;
            case NETWORK_NOT_FOUND -> networkId = null;
            default -> { }
        }
        removeKeypair(name, failure);
        LOG.warn("{}", failure.getMessage());
        throw failure;
    }

    /**
     * This unit's servers, each name once: of servers sharing a name the newest is kept and the
     * others are deleted (server only; the keypair is the kept server's).
     */
    public List<CloudServer> listServers() throws CloudException {
        DuplicateServers.Resolution resolution = DuplicateServers.resolve(listOurs("^" + regexQuote(prefix) + "-"));
        for (CloudServer duplicate : resolution.duplicates()) {
            try {
                LOG.warn("Deleting duplicate server {} ({}, created {})", duplicate.name(), duplicate.id(),
                        duplicate.createdAt());
                deleteServerOnly(duplicate);
            } catch (CloudException e) {
                LOG.warn("Could not delete duplicate server {} ({}): {}", duplicate.name(), duplicate.id(), e.getMessage());
            }
        }
        return resolution.kept();
    }

    /** The server with this name, if it exists (the newest, if there are several). */
    public Optional<CloudServer> findServer(InstanceName name) throws CloudException {
        requireOurs(name);
        return listOurs("^" + regexQuote(name.value()) + "$").stream()
                .filter(s -> s.name().equals(name))
                .max(Comparator.comparing(CloudServer::createdAt).thenComparing(CloudServer::id));
    }

    /**
     * Deletes the server, its keypair and its key file. Does not wait for the server to be gone.
     *
     * @return true if the cloud confirmed the deletion, false if it said the server was not there
     *     (already deleted - possibly by an earlier attempt of this call whose answer was lost)
     * @throws CloudException if the server could not be deleted (keypair and key file failures are
     *     only logged: the orphan cleanup retries them)
     */
    public boolean deleteServer(CloudServer server) throws CloudException {
        requireOurs(server.name());
        boolean deleted = deleteServerOnly(server);
        removeKeypair(server.name(), null);
        LOG.info("Deleted server {} ({}){}", server.name(), server.id(), deleted ? "" : " - it was already gone");
        return deleted;
    }

    /**
     * The last {@code lines} lines of the VM's console, where cloud-init prints the SSH host key
     * fingerprints at first boot. Retried like the other reads; Nova answers 409 for a VM that is
     * not running.
     */
    public String consoleOutput(CloudServer server, int lines) throws CloudException {
        requireOurs(server.name());
        String operation = "console output of " + server.name() + " (" + server.id() + ")";
        return calls.idempotent("servers.console", operation, attempt -> nova.consoleOutput(server.id(), lines, operation));
    }

    private boolean deleteServerOnly(CloudServer server) throws CloudException {
        String operation = "delete server " + server.name() + " (" + server.id() + ")";
        return calls.idempotent("servers.delete", operation, attempt -> nova.deleteServer(server.id(), operation));
    }

    /** All servers whose name matches the Nova regex and parses as ours, page after page. */
    private List<CloudServer> listOurs(String nameRegex) throws CloudException {
        String operation = "list servers";
        List<CloudServer> result = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        for (int page = 1; ; page++) {
            if (page > options.maxListPages()) {
                throw new InvalidResponseException(operation, 200, "more than " + options.maxListPages()
                        + " pages of servers", null);
            }
            String pageMarker = marker;
            Wire.ServerPage body = calls.idempotent("servers.list", operation,
                    attempt -> nova.listServers(nameRegex, pageMarker, operation));
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
        Optional<InstanceName> name = InstanceName.parse(server.name(), prefix);
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
                metadata, addresses));
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
                            return java.net.URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
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

    // ---- keypairs

    /**
     * Creates the VM's keypair and stores the private key. Sent once: a name is used for one
     * create only, so a request that lands late can never meet a second keypair of that name.
     * After an ambiguous failure the name is looked up and a keypair made without us getting its
     * private key is deleted; then the error is thrown and the caller tries again with a new name.
     */
    private void createKeypair(InstanceName name) throws CloudException {
        String operation = "create keypair " + name;
        try {
            Wire.Keypair keypair = calls.once("keypairs.create", operation, a -> nova.createKeypair(name.value(), operation));
            if (keypair.privateKey() == null || keypair.privateKey().isEmpty()) {
                throw new InvalidResponseException(operation, 200, "no private key in the answer", null);
            }
            keys.write(name, keypair.privateKey(), options.clock().instant(), operation);
        } catch (KeyStorageException e) {
            removeKeypair(name, e);
            throw e;
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                removeUnusableKeypair(name, e);
            }
            throw e;
        }
    }

    /** After an ambiguous keypair create: delete the keypair if it was made (we hold no key for it). */
    private void removeUnusableKeypair(InstanceName name, CloudException failure) {
        String lookup = "look up keypair " + name;
        try {
            boolean exists = calls.idempotent("keypairs.get", lookup, a -> nova.getKeypair(name.value(), lookup) != null);
            if (exists) {
                deleteKeypair(name);
            }
            LOG.warn("{}; {}", failure.getMessage(), exists ? "deleted the keypair made without its key reaching us"
                    : "no keypair was made");
        } catch (CloudException e) {
            failure.addSuppressed(e);
            LOG.warn("{}; could not check for a keypair left behind, the orphan cleanup will: {}", failure.getMessage(),
                    e.getMessage());
        }
    }

    /**
     * Deletes the keypairs and key files of this unit that belong to no server and are older than
     * the minimum age (so a VM being created keeps its key).
     *
     * @return how many VM names had a keypair and/or key file removed
     */
    public int cleanupOrphanKeypairs() throws CloudException {
        String operation = "clean up orphan keypairs";
        Set<String> servers = new HashSet<>();
        listOurs("^" + regexQuote(prefix) + "-").forEach(s -> servers.add(s.name().value()));
        Instant now = options.clock().instant();
        Set<String> keptKeypairs = new HashSet<>();
        Set<InstanceName> cleaned = new LinkedHashSet<>();

        Wire.KeypairList list = calls.idempotent("keypairs.list", "list keypairs", a -> nova.listKeypairs("list keypairs"));
        if (list.keypairs() == null) {
            throw new InvalidResponseException("list keypairs", 200, "no 'keypairs' list", null);
        }
        for (Wire.KeypairBody entry : list.keypairs()) {
            Optional<InstanceName> name = entry == null || entry.keypair() == null ? Optional.empty()
                    : InstanceName.parse(entry.keypair().name(), prefix);
            if (name.isEmpty()) {
                continue;
            }
            if (servers.contains(name.get().value())) {
                keptKeypairs.add(name.get().value());
                continue;
            }
            // v2.1 lists keypairs without created_at: ask for this one.
            String lookup = "look up keypair " + name.get();
            Wire.Keypair keypair = calls.idempotent("keypairs.get", lookup, a -> nova.getKeypair(name.get().value(), lookup));
            if (keypair == null) {
                continue; // gone meanwhile; its key file is handled below
            }
            Optional<Instant> born = newest(NovaTime.parse(keypair.createdAt()), keys.writtenAt(name.get()).orElse(null));
            if (born.isEmpty() || isYoung(born.get(), now)) {
                keptKeypairs.add(name.get().value());
                continue;
            }
            deleteKeypair(name.get());
            deleteKeyFile(name.get());
            cleaned.add(name.get());
            LOG.info("Removed orphan keypair {} (created {})", name.get(), born.get());
        }
        for (KeyFiles.KeyFile file : keys.list(operation)) {
            String name = file.name().value();
            if (servers.contains(name) || keptKeypairs.contains(name) || cleaned.contains(file.name())
                    || isYoung(file.writtenAt(), now)) {
                continue;
            }
            deleteKeyFile(file.name());
            cleaned.add(file.name());
            LOG.info("Removed orphan key file {}", file.path());
        }
        return cleaned.size();
    }

    private boolean isYoung(Instant born, Instant now) {
        return Duration.between(born, now).compareTo(options.minKeypairAge()) < 0;
    }

    private static Optional<Instant> newest(Instant a, Instant b) {
        if (a == null || b == null) {
            return Optional.ofNullable(a == null ? b : a);
        }
        return Optional.of(a.isAfter(b) ? a : b);
    }

    private void deleteKeypair(InstanceName name) throws CloudException {
        String operation = "delete keypair " + name;
        calls.idempotent("keypairs.delete", operation, a -> nova.deleteKeypair(name.value(), operation));
    }

    private void deleteKeyFile(InstanceName name) throws KeyStorageException {
        keys.delete(name, "delete key file of " + name);
    }

    /** Best effort: failures are logged (and attached to {@code cause}); the orphan cleanup retries. */
    private void removeKeypair(InstanceName name, CloudException cause) {
        try {
            deleteKeypair(name);
        } catch (CloudException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("Could not delete keypair {}: {}", name, e.getMessage());
        }
        try {
            deleteKeyFile(name);
        } catch (KeyStorageException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("Could not delete key file of {}: {}", name, e.getMessage());
        }
    }

    // ---- flavor, network, security group ids

    /** The configured flavor's id; the setting may be an id or a name. */
    private String flavorId() throws CloudException {
        String cached = flavorId;
        if (cached != null) {
            return cached;
        }
        String wanted = cloud.flavor();
        String operation = "find flavor " + wanted;
        if (wanted == null || wanted.isBlank()) {
            throw new FlavorNotFoundException(operation, 0, "no flavor is configured", null);
        }
        Wire.FlavorList list = calls.idempotent("flavors.list", "list flavors", a -> nova.listFlavors("list flavors"));
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
        flavorId = id;
        return id;
    }

    /** The configured network's id (the setting may be a name or an id), or null to let Nova choose. */
    private String networkId() throws CloudException {
        String cached = networkId;
        if (cached != null) {
            return cached;
        }
        String wanted = cloud.network();
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
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
        networkId = found.get(0).id();
        return networkId;
    }

    private List<Wire.Network> findNetworks(String attribute, String value, String operation) throws CloudException {
        Wire.NetworkList list = calls.idempotent("networks.list", operation,
                a -> neutron.findNetworks(attribute, value, operation));
        if (list.networks() == null) {
            throw new InvalidResponseException(operation, 200, "no 'networks' list", null);
        }
        // Neutron filters exactly; check anyway rather than trust it.
        return list.networks().stream()
                .filter(n -> n != null && n.id() != null && value.equals(attribute.equals("id") ? n.id() : n.name()))
                .toList();
    }

    private String securityGroupId() throws CloudException {
        String cached = securityGroupId;
        if (cached == null) {
            ensureSecurityGroup();
            cached = securityGroupId;
        }
        return cached;
    }

    // ---- helpers

    private void requireOurs(InstanceName name) {
        Objects.requireNonNull(name, "name");
        if (!prefix.equals(name.prefix())) {
            throw new IllegalArgumentException(name + " does not belong to unit prefix " + prefix);
        }
    }


    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
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
