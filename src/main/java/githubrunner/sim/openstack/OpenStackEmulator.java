package githubrunner.sim.openstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory OpenStack on 127.0.0.1: Keystone v3, Nova v2.1, Neutron v2.0 and Glance v2, answering
 * with the shapes of the official API samples. Tests drive it through HTTP like a real cloud and
 * look inside through the Java accessors; fault rules make it misbehave on purpose.
 *
 * <pre>{@code
 * try (OpenStackEmulator cloud = OpenStackEmulator.builder().buildDelay(Duration.ZERO).start()) {
 *     String authUrl = cloud.keystoneUrl(); // http://127.0.0.1:PORT/identity/v3
 * }
 * }</pre>
 */
public final class OpenStackEmulator implements AutoCloseable {
    /** Where the VMs' SSH server listens first, to hold its port: an address no server gets. */
    static final String SSH_ANCHOR = "127.255.255.254";
    private final Builder settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final IdentityStore identity;
    private final ComputeStore compute;
    private final NetworkStore network;
    private final ImageStore images;
    private final FaultInjector faults;
    private final RequestLog requests = new RequestLog();
    private final VmSshServers ssh;
    private final String baseUrl;

    private OpenStackEmulator(Builder settings) throws IOException {
        this.settings = settings;
        String projectId = hexId("project:" + settings.project);
        String userId = hexId("user:" + settings.username);
        identity = new IdentityStore(settings.clock, settings.username, settings.password, settings.userDomain,
                settings.project, settings.projectDomain, settings.tokenLifetime);
        images = new ImageStore(settings.images);
        network = new NetworkStore(settings.clock, projectId, settings.networks);
        ssh = new VmSshServers(SSH_ANCHOR, settings.sshPort);
        compute = new ComputeStore(settings.clock, network, images, userId, settings.flavors, settings.quotas,
                settings.buildDelay, settings.keyBits, ssh);
        faults = new FaultInjector(settings.seed);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 128);
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        Links links = new Links(baseUrl);
        List<Route> routes = new ArrayList<>();
        routes.addAll(new VersionDocuments(links).routes());
        routes.addAll(new KeystoneApi(identity, links, settings.region, projectId, userId).routes());
        routes.addAll(new NovaServersApi(compute, network, links, settings.clock, projectId, settings.maxListLimit, ssh).routes());
        routes.addAll(new NovaResourcesApi(compute, links, projectId).routes());
        routes.addAll(new NeutronApi(network, projectId).routes());
        routes.addAll(new GlanceApi(images, projectId).routes());
        server.createContext("/", new HttpFront(settings.clock, identity, faults, requests, List.copyOf(routes)));
        AtomicInteger threads = new AtomicInteger();
        // Unbounded: a delayed request must not hold up the others.
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "openstack-emulator-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A clouds.yaml with one cloud, {@code cloudName}, that authenticates to this emulator. */
    public String cloudsYaml(String cloudName, String password) {
        return "clouds:\n"
                + "  " + cloudName + ":\n"
                + "    auth:\n"
                + "      auth_url: " + keystoneUrl() + "\n"
                + "      username: " + username() + "\n"
                + "      password: " + password + "\n"
                + "      project_name: " + projectName() + "\n"
                + "      user_domain_name: " + userDomain() + "\n"
                + "      project_domain_name: " + projectDomain() + "\n"
                + "    region_name: " + region() + "\n";
    }

    /** The Keystone v3 URL to put in clouds.yaml ({@code auth_url}). */
    public String keystoneUrl() {
        return baseUrl + "/identity/v3";
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String region() {
        return settings.region;
    }

    public String username() {
        return settings.username;
    }

    public String projectName() {
        return settings.project;
    }

    public String userDomain() {
        return settings.userDomain;
    }

    public String projectDomain() {
        return settings.projectDomain;
    }

    public Clock clock() {
        return settings.clock;
    }

    // ---- what the cloud offers

    public List<SimImage> images() {
        return images.images();
    }

    public void addImage(SimImage image) {
        images.add(image);
    }

    public List<SimFlavor> flavors() {
        return compute.flavors();
    }

    public List<SimNetwork> networks() {
        return network.networks();
    }

    // ---- servers

    /** Live servers, newest first. */
    public List<SimServer> servers() {
        return compute.servers();
    }

    public Optional<SimServer> server(String id) {
        return compute.server(id);
    }

    public List<SimServer> serversNamed(String name) {
        return compute.servers().stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Servers deleted through the API, as they were when deleted. */
    public List<SimServer> deletedServers() {
        return compute.deletedServers();
    }

    /** Servers that became ACTIVE since the last call, each reported once (for the simulator). */
    public List<SimServer> drainNewlyActive() {
        return compute.drainNewlyActive();
    }

    /** Puts an ACTIVE server straight into the cloud, skipping validation and quota. */
    public SimServer addServer(String name, Map<String, String> metadata, Instant createdAt) {
        return compute.seed(name, metadata, createdAt, "ACTIVE");
    }

    /** Puts a server with this Nova status straight into the cloud. */
    public SimServer addServer(String name, Map<String, String> metadata, Instant createdAt, String status) {
        return compute.seed(name, metadata, createdAt, status);
    }

    /** Removes a server behind the client's back (an operator deleting it by hand). */
    public void removeServer(String id) {
        compute.remove(id);
    }

    /** Sets a server's status from now on (e.g. SHUTOFF), overriding the boot. */
    public void setServerStatus(String id, String status) {
        compute.setStatus(id, status, null);
    }

    /** Puts a server into ERROR with this fault message. */
    public void failServer(String id, String message) {
        compute.setStatus(id, "ERROR", message);
    }

    public void setBuildDelay(Duration delay) {
        compute.setBuildDelay(delay);
    }

    // ---- the VMs' insides

    /**
     * The port every server's SSH endpoint listens on, at the server's own (127.x) address. The
     * manager learns it from {@code GITHUB_RUNNER_VM_SSH_PORT}, which it honours only in a
     * sandboxed unit; a real VM listens on 22.
     */
    public int sshPort() {
        return ssh.port();
    }

    /** The files the server's SSH endpoint serves (servers created with a keypair have one). */
    public Optional<VmFiles> vmFiles(String serverId) {
        return ssh.vm(serverId).map(VmSshServers.Vm::files);
    }

    /** The SHA256 fingerprint of the server's SSH host key, as {@code ssh-keygen -l} prints it. */
    public Optional<String> hostKeyFingerprint(String serverId) {
        return ssh.vm(serverId).map(VmSshServers.Vm::hostKeyFingerprint);
    }

    // ---- keypairs, security groups, quotas

    public List<SimKeypair> keypairs() {
        return compute.keypairs();
    }

    /** Puts a keypair straight into the cloud, e.g. one an earlier run left behind. */
    public SimKeypair addKeypair(String name, Instant createdAt) {
        return compute.seedKeypair(name, createdAt);
    }

    public List<SimSecurityGroup> securityGroups() {
        return network.groups();
    }

    public List<SimSecurityGroup> securityGroupsNamed(String name) {
        return network.groups().stream().filter(g -> g.name().equals(name)).toList();
    }

    public List<SimRule> rulesOf(String securityGroupId) {
        return network.rulesOf(securityGroupId);
    }

    /** Removes a rule behind the client's back (an operator editing the group by hand). */
    public void removeRule(String ruleId) {
        try {
            network.deleteRule(ruleId);
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    public Quotas quotas() {
        return compute.quotas();
    }

    public void setQuotas(Quotas quotas) {
        compute.setQuotas(quotas);
    }

    // ---- identity

    /** Changes the password; tokens already issued stay valid, as in Keystone. */
    public void setPassword(String password) {
        identity.setPassword(password);
    }

    public void setTokenLifetime(Duration lifetime) {
        identity.setTokenLifetime(lifetime);
    }

    public void revokeTokens() {
        identity.revokeAll();
    }

    // ---- misbehaviour and observation

    public FaultInjector faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            ssh.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static String hexId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    /** How the emulated cloud is set up. Defaults give a usable cloud with no quota limits. */
    public static final class Builder {
        private int port;
        private String region = "RegionOne";
        private String username = "github-runner";
        private String password = "emulated-password";
        private String project = "github-runner";
        private String userDomain = "Default";
        private String projectDomain = "Default";
        private Clock clock = Clock.systemUTC();
        private Duration buildDelay = Duration.ofSeconds(2);
        private Duration tokenLifetime = Duration.ofHours(1);
        private Quotas quotas = Quotas.UNLIMITED;
        private long seed = 1;
        private int maxListLimit = 1000;
        private int keyBits = 2048;
        private int sshPort;
        private final List<SimImage> images = new ArrayList<>();
        private final List<SimFlavor> flavors = new ArrayList<>();
        private final List<SimNetwork> networks = new ArrayList<>();

        private Builder() {}

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder credentials(String username, String password, String project) {
            this.username = username;
            this.password = password;
            this.project = project;
            return this;
        }

        public Builder domains(String userDomain, String projectDomain) {
            this.userDomain = userDomain;
            this.projectDomain = projectDomain;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a server stays in BUILD before it is ACTIVE (emulator clock). */
        public Builder buildDelay(Duration delay) {
            this.buildDelay = delay;
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder quotas(Quotas quotas) {
            this.quotas = quotas;
            return this;
        }

        /** Seed of the fault injector's random choices. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Nova's osapi_max_limit: the most servers one list answer holds (default 1000). */
        public Builder maxListLimit(int limit) {
            this.maxListLimit = limit;
            return this;
        }

        /** RSA size of generated keypairs: Nova's 2048 by default; tests may ask for 1024 to save CPU. */
        public Builder keyBits(int bits) {
            this.keyBits = bits;
            return this;
        }

        /** The port of every server's SSH endpoint (on the server's 127.x address); 0, the default, picks one. */
        public Builder sshPort(int port) {
            this.sshPort = port;
            return this;
        }

        public Builder image(String id, String name) {
            images.add(new SimImage(id, name, clock.instant()));
            return this;
        }

        public Builder flavor(SimFlavor flavor) {
            flavors.add(flavor);
            return this;
        }

        public Builder network(String id, String name) {
            networks.add(new SimNetwork(id, name, networks.size() + 1, clock.instant()));
            return this;
        }

        public OpenStackEmulator start() throws IOException {
            if (images.isEmpty()) {
                image(stableId("image:jammy"), "jammy");
            }
            if (flavors.isEmpty()) {
                // Nova's sample flavors.
                flavors.add(new SimFlavor("1", "m1.tiny", 1, 512, 1));
                flavors.add(new SimFlavor("2", "m1.small", 1, 2048, 20));
                flavors.add(new SimFlavor("3", "m1.medium", 2, 4096, 40));
                flavors.add(new SimFlavor("4", "m1.large", 4, 8192, 80));
                flavors.add(new SimFlavor("5", "m1.xlarge", 8, 16384, 160));
            }
            if (networks.isEmpty()) {
                network(stableId("network:external-network"), "external-network");
            }
            return new OpenStackEmulator(this);
        }

        private static String stableId(String seed) {
            return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
