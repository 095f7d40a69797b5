package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This unit's view of OpenStack: its runner VMs, their keypairs and key files, and the shared
 * security group. Everything it lists or deletes is parsed strictly as {@code <prefix>-<12 hex>}
 * (or a legacy {@code n-}/{@code r-} name), so it never touches another unit's resources.
 *
 * <p>Reads, lookups and deletes are retried on transient failures (5xx, timeouts, broken
 * connections). Creates are never repeated blindly: when a create's answer is lost or garbled,
 * the name is looked up; what exists is kept, and only when nothing was made is the create sent
 * once more, within the retry budget ({@link Keypairs}, {@link ServerCreation}).
 *
 * <p>Thread-safe; every call has connect and read timeouts. No network call happens before the
 * first operation. The work is done by one part per job: {@link SecurityGroups},
 * {@link BootChoices} (flavor and network ids), {@link Keypairs}, {@link ServerCreation},
 * {@link ServerLister} and {@link OrphanKeypairs}.
 */
public final class OpenStackCloud {
    private static final Logger LOG = LoggerFactory.getLogger(OpenStackCloud.class);
    /** The value of {@code platform_name} in server metadata, as the Python charm writes it. */
    public static final String PLATFORM = "github";

    private final String prefix;
    private final CallStats stats = new CallStats();
    private final CloudContext cx;
    private final SecurityGroups groups;
    private final Keypairs keypairs;
    private final ServerLister lister;
    private final ServerCreation creation;
    private final OrphanKeypairs orphans;

    /**
     * @param prefix the unit's name prefix, e.g. {@code github-runner-0}
     * @param keyDirectory where private keys go (resolved through HostPaths by the caller)
     */
    public OpenStackCloud(OpenStackTarget cloud, String prefix, Path keyDirectory) {
        this(cloud, prefix, keyDirectory, OpenStackOptions.defaults());
    }

    public OpenStackCloud(OpenStackTarget cloud, String prefix, Path keyDirectory, OpenStackOptions options) {
        Objects.requireNonNull(cloud, "cloud");
        this.prefix = requireText(prefix, "prefix");
        Objects.requireNonNull(options, "options");
        requireText(cloud.authUrl(), "authUrl");
        requireCredentials(cloud.credentials());
        requireText(cloud.regionName(), "regionName");
        KeystoneSession session = new KeystoneSession(cloud, new ProxyRoutes(options), options.clock(), stats);
        this.cx = new CloudContext(prefix, options, new CallExecutor(session, options.retry(), stats),
                new NovaCalls(session), new NeutronCalls(session),
                new KeyFiles(Objects.requireNonNull(keyDirectory, "keyDirectory"), prefix));
        this.groups = new SecurityGroups(cx);
        this.keypairs = new Keypairs(cx);
        this.lister = new ServerLister(cx);
        this.creation = new ServerCreation(cx, new BootChoices(cx, cloud.flavor(), cloud.network()), groups, keypairs,
                lister);
        this.orphans = new OrphanKeypairs(cx, lister, keypairs);
    }

    public String prefix() {
        return prefix;
    }

    /** Counters of calls and errors per operation, for the metrics endpoint. */
    public CallStats stats() {
        return stats;
    }

    /** Where the private key of the keypair of this name is kept (mode 0400). */
    public Path keyFile(InstanceName name) {
        return cx.keys().path(name);
    }

    /** Where the private key of this VM is kept (mode 0400), for SSH. */
    public Path keyFile(CloudServer server) {
        return InstanceName.parse(server.keyName(), prefix).map(cx.keys()::path).orElse(cx.keys().path(server.name()));
    }

    /**
     * Makes sure the shared group {@code github-runner-v1} exists with its rules. Idempotent: when
     * all is in place it only looks (one list call). Rules are added, never removed.
     */
    public void ensureSecurityGroup() throws CloudException {
        groups.ensure();
    }

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
        requireText(imageId, "imageId");
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(metadata, "metadata");
        requireOurs(name);
        ServerCreation.checkUserData(name, userData);
        return bootServer(prepareServer(name), imageId, userData, metadata);
    }

    /**
     * The first half of {@link #createServer}: makes the VM's keypair, so that this can overlap
     * other work for it (its runner's registration). Follow with {@link #bootServer} or
     * {@link #abandonServer}.
     */
    public PreparedServer prepareServer(InstanceName name) throws CloudException {
        requireOurs(name);
        return creation.prepare(name);
    }

    /** The second half of {@link #createServer}: boots a prepared VM; on failure what was made for it is removed. */
    public CloudServer bootServer(PreparedServer prepared, String imageId, String userData, Map<String, String> metadata)
            throws CloudException {
        requireText(imageId, "imageId");
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(metadata, "metadata");
        return creation.boot(prepared, imageId, userData, metadata);
    }

    /** Removes what {@link #prepareServer} made, for a VM that will not be booted. */
    public void abandonServer(PreparedServer prepared) {
        creation.abandon(prepared);
    }

    /**
     * This unit's servers, each name once: of servers sharing a name the newest is kept and the
     * others are deleted (server only; the keypair is the kept server's).
     */
    public List<CloudServer> listServers() throws CloudException {
        DuplicateServers.Resolution resolution = DuplicateServers.resolve(lister.listAllOfUnit());
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
        return lister.find(name);
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
        // A keypair whose name is not the unit's (a VM booted by hand) is never ours to delete.
        InstanceName.parse(server.keyName(), prefix).ifPresent(key -> keypairs.remove(key, null));
        LOG.info("Deleted server {} ({}){}", server.name(), server.id(), deleted ? "" : " - it was already gone");
        return deleted;
    }

    /**
     * Deletes the keypairs and key files of this unit that belong to no server and are older than
     * the minimum age (so a VM being created keeps its key).
     *
     * @return how many names had a keypair and/or key file removed
     */
    public int cleanupOrphanKeypairs() throws CloudException {
        return orphans.clean(cx.options().minKeypairAge());
    }

    /**
     * Deletes every keypair and key file of this unit that belongs to no server, whatever its age:
     * only when nothing is being created any more (a unit stopping), or a create under way would
     * lose its key.
     */
    public int cleanupAllOrphanKeypairs() throws CloudException {
        return orphans.clean(Duration.ZERO);
    }

    /**
     * The last {@code lines} lines of the VM's console, where cloud-init prints the SSH host key
     * fingerprints at first boot. Retried like the other reads; Nova answers 409 for a VM that is
     * not running.
     */
    public String consoleOutput(CloudServer server, int lines) throws CloudException {
        requireOurs(server.name());
        String operation = "console output of " + server.name() + " (" + server.id() + ")";
        return cx.calls().idempotent("servers.console", operation,
                attempt -> cx.nova().consoleOutput(server.id(), lines, operation));
    }

    private boolean deleteServerOnly(CloudServer server) throws CloudException {
        String operation = "delete server " + server.name() + " (" + server.id() + ")";
        return cx.calls().idempotent("servers.delete", operation, attempt -> cx.nova().deleteServer(server.id(), operation));
    }

    private void requireOurs(InstanceName name) {
        Objects.requireNonNull(name, "name");
        if (!prefix.equals(name.prefix())) {
            throw new IllegalArgumentException(name + " does not belong to unit prefix " + prefix);
        }
    }

    private static void requireCredentials(KeystoneCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        if (credentials instanceof KeystoneCredentials.Password password) {
            requireText(password.username(), "username");
            Objects.requireNonNull(password.password(), "password");
            requireText(password.projectName(), "projectName");
        } else if (credentials instanceof KeystoneCredentials.ApplicationCredential credential) {
            Objects.requireNonNull(credential.secret(), "application credential secret");
            if (credential.id() == null || credential.id().isBlank()) {
                requireText(credential.name(), "application credential id or name");
                requireText(credential.username(), "username of the application credential");
            }
        }
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
