package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.sim.openstack.Quotas;
import githubrunner.sim.openstack.RecordedRequest;
import githubrunner.sim.openstack.SimRule;
import githubrunner.sim.openstack.SimSecurityGroup;
import githubrunner.sim.openstack.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenStack client against the emulator over HTTP. Every test runs twice: against a healthy
 * cloud, and against one where a fifth of all requests (auth included) meet a 5xx or a timeout.
 * In the second run the client must still be right, retrying only what is idempotent.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(OpenStackCloudContractIT.Mode.class)
class OpenStackCloudContractIT {
    enum Mode { CLEAN, FAULTY }

    private static final String USER_DATA = "#!/bin/sh\necho JIT-CONFIG-SECRET-MARKER\n";

    @Parameter
    Mode mode;

    @TempDir
    Path dir;

    CloudHarness harness;
    OpenStackCloud cloud;
    LogCapture log;

    /** Faults and requests in the current run of the class, to show the faulty run was faulty. */
    private static final AtomicInteger FAULTS = new AtomicInteger();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    long seed;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        log = new LogCapture();
        // Each test meets its own faults; -Dopenstack.faultSalt=N explores other sequences.
        seed = test.getDisplayName().hashCode() ^ Long.getLong("openstack.faultSalt", 0L);
        harness = CloudHarness.start(dir, mode == Mode.FAULTY, seed);
        cloud = harness.client();
    }

    @AfterEach
    void stop() {
        FAULTS.addAndGet(harness.faultsFired());
        REQUESTS.addAndGet(harness.sim.requests().size());
        String logged = log.text();
        log.close();
        harness.close();
        // Whatever happened, no credential, token, private key or user data reached the log.
        for (String secret : List.of(CloudHarness.PASSWORD, "PRIVATE KEY", "JIT-CONFIG-SECRET-MARKER", "gAAAAA")) {
            assertFalse(logged.contains(secret), "the log shows " + secret);
        }
    }

    @AfterParameterizedClassInvocation
    static void faultyRunMetFaults(Mode mode) {
        int fired = FAULTS.getAndSet(0);
        int requests = REQUESTS.getAndSet(0);
        if (mode == Mode.FAULTY) {
            // One in five on average; fewer than one in ten would mean the rule is not working.
            assertTrue(fired * 10 >= requests && fired > 0, fired + " of " + requests + " requests met a fault");
        }
    }

    @Test
    void createsAServerWithEverythingARunnerNeeds() throws Exception {
        harness.ensureSecurityGroup(cloud);
        CloudServer created = harness.createServer(cloud, USER_DATA, Map.of("runner_id", "42"));

        SimServer server = harness.sim.server(created.id()).orElseThrow();
        SimSecurityGroup group = harness.sim.securityGroupsNamed("github-runner-v1").get(0);
        assertEquals(created.name().value(), server.name());
        assertEquals(harness.imageId(), server.imageId());
        assertEquals("2", server.flavorId(), "m1.small resolved to its id");
        assertEquals(List.of(harness.sim.networks().get(0).id()), server.networkIds());
        if (mode == Mode.CLEAN) {
            assertEquals(created.name().value(), server.keyName(), "the keypair is named after its VM");
        }
        assertEquals(List.of(group.id()), server.securityGroups());
        assertEquals(USER_DATA, server.userData());
        assertTrue(server.configDrive());
        assertEquals(Map.of("platform_name", "github", "runner_id", "42", "prefix", CloudHarness.PREFIX), server.metadata());
        assertEquals(Map.of("platform_name", "github", "runner_id", "42", "prefix", CloudHarness.PREFIX), created.metadata());
        assertEquals("42", created.runnerId().orElseThrow());

        Path key = cloud.keyFile(created);
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"), "made here, never sent");
        assertTrue(key.startsWith(harness.keyDir));
        assertEquals(created.keyName(), server.keyName());
        assertTrue(harness.sim.keypairs().stream().noneMatch(k -> k.publicKey().startsWith("ssh-rsa")),
                "every keypair was imported, none generated by Nova");
        assertCreatesNeverRepeatedBlindly();
        assertOnlyKeysOf(Set.of(created.keyName()));
    }

    @Test
    void doesNotWaitForActiveAndListsTheStatusNovaReports() throws Exception {
        harness.sim.setBuildDelay(Duration.ofMinutes(1));
        harness.ensureSecurityGroup(cloud);
        CloudServer created = harness.createServer(cloud, USER_DATA, Map.of());
        assertEquals(ServerStatus.BUILD, created.status());
        assertEquals(ServerStatus.BUILD, listed(created).status());

        harness.clock.advance(Duration.ofMinutes(1));
        CloudServer listed = listed(created);
        assertEquals(ServerStatus.ACTIVE, listed.status());
        assertEquals(1, listed.addresses().size());
        assertTrue(listed.addresses().get(0).matches("127\\.1\\.0\\.\\d+"), listed.addresses().toString());
        assertTrue(harness.sim.drainNewlyActive().stream().map(SimServer::id).toList().contains(created.id()));

        harness.sim.failServer(created.id(), "No valid host was found.");
        assertEquals(ServerStatus.ERROR, listed(created).status());
        harness.sim.setServerStatus(created.id(), "SHUTOFF");
        assertEquals(ServerStatus.SHUTOFF, listed(created).status());
        harness.sim.setServerStatus(created.id(), "PAUSED");
        assertEquals(ServerStatus.UNKNOWN, listed(created).status());
    }

    @Test
    void listsOnlyNamesThatParseStrictlyAsOurs() throws Exception {
        Instant t = harness.clock.instant();
        Map<String, String> meta = Map.of("runner_id", "1");
        for (String name : List.of("a-1-0123456789ab", "a-1-n-0123456789ac", "a-1-r-0123456789ad",
                "a-1-1-0123456789ab", "a-1-0123456789abc", "a-1-0123456789AB", "a-10-0123456789ab", "a-1-x-0123456789ab",
                "a-1-", "b-1-0123456789ab", "xa-1-0123456789ab")) {
            harness.sim.addServer(name, meta, t);
        }

        Set<String> unitA1 = names(harness.client("a-1").listServers());
        assertEquals(Set.of("a-1-0123456789ab", "a-1-n-0123456789ac", "a-1-r-0123456789ad"), unitA1);
        // Unit a-1 must never claim a-1-1-..., which is unit a-1-1's, and the other way round.
        assertEquals(Set.of("a-1-1-0123456789ab"), names(harness.client("a-1-1").listServers()));
        assertEquals(Set.of("a-10-0123456789ab"), names(harness.client("a-10").listServers()));

        CloudServer foreign = new CloudServer("id", InstanceName.parse("a-1-1-0123456789ab", "a-1-1").orElseThrow(),
                ServerStatus.ACTIVE, t, Map.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> harness.client("a-1").deleteServer(foreign));
        assertEquals(11, harness.sim.servers().size(), "nothing was deleted");
    }

    @Test
    void keepsUnknownMetadataAndLegacyServersWithoutRunnerId() throws Exception {
        Instant t = harness.clock.instant();
        harness.sim.addServer(CloudHarness.PREFIX + "-0123456789ab",
                Map.of("platform_name", "github", "runner_id", "7", "prefix", CloudHarness.PREFIX, "url", "https://x",
                        "some-future-key", "value"), t);
        harness.sim.addServer(CloudHarness.PREFIX + "-n-0123456789ac", Map.of(), t);

        Map<String, CloudServer> byName = new HashMap<>();
        cloud.listServers().forEach(s -> byName.put(s.name().value(), s));
        CloudServer current = byName.get(CloudHarness.PREFIX + "-0123456789ab");
        assertEquals("value", current.metadata().get("some-future-key"));
        assertEquals("7", current.runnerId().orElseThrow());
        CloudServer legacy = byName.get(CloudHarness.PREFIX + "-n-0123456789ac");
        assertEquals("n-", legacy.name().infix());
        assertTrue(legacy.runnerId().isEmpty());
    }

    @Test
    void ofServersSharingANameKeepsTheNewestAndDeletesTheOthers() throws Exception {
        String name = CloudHarness.PREFIX + "-0123456789ab";
        Instant t = harness.clock.instant();
        SimServer oldest = harness.sim.addServer(name, Map.of("runner_id", "1"), t.minusSeconds(120));
        SimServer older = harness.sim.addServer(name, Map.of("runner_id", "1"), t.minusSeconds(60));
        SimServer newest = harness.sim.addServer(name, Map.of("runner_id", "1"), t);
        SimServer other = harness.sim.addServer(CloudHarness.PREFIX + "-0123456789ac", Map.of(), t.minusSeconds(300));
        harness.sim.addKeypair(name, t.minusSeconds(120));

        List<CloudServer> listed = cloud.listServers();

        assertEquals(Set.of(newest.id(), other.id()), listed.stream().map(CloudServer::id).collect(Collectors.toSet()));
        assertEquals(Set.of(newest.id(), other.id()), harness.sim.servers().stream().map(SimServer::id).collect(Collectors.toSet()));
        assertEquals(Set.of(oldest.id(), older.id()),
                harness.sim.deletedServers().stream().map(SimServer::id).collect(Collectors.toSet()));
        assertEquals(Set.of(name), keypairNames(), "the keypair belongs to the kept server too");
        assertEquals(Set.of(newest.id(), other.id()), ids(cloud.listServers()), "a second list deletes nothing more");
    }

    @Test
    void deleteRemovesServerKeypairAndKeyFile() throws Exception {
        harness.ensureSecurityGroup(cloud);
        CloudServer keep = harness.createServer(cloud, USER_DATA, Map.of());
        CloudServer gone = harness.createServer(cloud, USER_DATA, Map.of());

        boolean deleted = cloud.deleteServer(gone);
        if (mode == Mode.CLEAN) {
            assertTrue(deleted); // under faults the answer may be lost and the retry then finds it gone
        }

        assertEquals(Set.of(keep.id()), withoutLateServers(harness.sim.servers().stream().map(SimServer::id),
                Set.of(keep.id(), gone.id())));
        assertFalse(keypairNames().contains(gone.keyName()));
        assertFalse(Files.exists(cloud.keyFile(gone)));
        assertTrue(Files.exists(cloud.keyFile(keep)));
        assertFalse(cloud.deleteServer(gone), "already gone");
        assertEquals(Set.of(keep.id()), withoutLateServers(cloud.listServers().stream().map(CloudServer::id),
                Set.of(keep.id(), gone.id())));
        assertOnlyKeysOf(Set.of(keep.keyName()));
    }

    @Test
    void quotaExhaustionSurfacesNovasMessageAndCleansUp() throws Exception {
        harness.ensureSecurityGroup(cloud);
        CloudServer first = harness.createServer(cloud, USER_DATA, Map.of());
        if (mode == Mode.FAULTY) {
            harness.awaitQuiet(); // a create the client gave up on may still add a server
        }
        int used = harness.sim.servers().size();
        harness.sim.setQuotas(new Quotas(used, -1, -1));

        QuotaExceededException error = assertThrows(QuotaExceededException.class,
                () -> harness.createServer(cloud, USER_DATA, Map.of()));

        assertEquals(403, error.httpStatus());
        assertEquals("Quota exceeded for instances: Requested 1, but already used " + used + " of " + used + " instances",
                error.serverMessage());
        assertTrue(error.getMessage().contains("Quota exceeded for instances"), error.getMessage());
        assertEquals(ErrorKind.QUOTA, error.kind());
        assertEquals(Set.of(first.id()), withoutLateServers(harness.sim.servers().stream().map(SimServer::id),
                Set.of(first.id())));
        assertCreatesNeverRepeatedBlindly();
        assertOnlyKeysOf(Set.of(first.keyName())); // the failed VMs' keypairs and key files are gone
    }

    @Test
    void unknownImageFailsTypedAndCleansUp() throws Exception {
        harness.ensureSecurityGroup(cloud);
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);
        CloudException error = null;
        for (int i = 0; i < 12 && (error == null || error.kind().isTransient()); i++) {
            error = assertThrows(CloudException.class, () -> cloud.createServer(InstanceName.generate(CloudHarness.PREFIX),
                    "no-such-image", USER_DATA, Map.of()));
        }
        assertEquals(ImageNotFoundException.class, error.getClass());
        assertEquals("Can not find requested image", error.serverMessage());
        assertTrue(harness.sim.servers().isEmpty());
        assertFalse(Files.exists(cloud.keyFile(name)));
        assertOnlyKeysOf(Set.of());
    }

    @Test
    void unknownFlavorOrNetworkFailsBeforeAnythingIsCreated() throws Exception {
        OpenStackCloud noFlavor = harness.client(harness.config(CloudHarness.PASSWORD, CloudHarness.NETWORK, "m9.huge"));
        FlavorNotFoundException flavor = assertThrows(FlavorNotFoundException.class,
                () -> noFlavor.createServer(InstanceName.generate(CloudHarness.PREFIX), harness.imageId(), USER_DATA, Map.of()));
        assertTrue(flavor.getMessage().contains("m9.huge"), flavor.getMessage());

        OpenStackCloud noNetwork = harness.client(harness.config(CloudHarness.PASSWORD, "no-such-net", CloudHarness.FLAVOR));
        NetworkNotFoundException network = assertThrows(NetworkNotFoundException.class,
                () -> noNetwork.createServer(InstanceName.generate(CloudHarness.PREFIX), harness.imageId(), USER_DATA, Map.of()));
        assertTrue(network.getMessage().contains("no-such-net"), network.getMessage());

        assertEquals(0, harness.sim.requests().count("POST", "/compute/v2\\.1/(servers|os-keypairs)"));
    }

    @Test
    void flavorAndNetworkMayBeGivenByIdToo() throws Exception {
        String networkId = harness.sim.networks().get(0).id();
        OpenStackCloud byId = harness.client(harness.config(CloudHarness.PASSWORD, networkId, "3"));
        harness.ensureSecurityGroup(byId);
        CloudServer created = harness.createServer(byId, USER_DATA, Map.of());
        SimServer server = harness.sim.server(created.id()).orElseThrow();
        assertEquals("3", server.flavorId());
        assertEquals(List.of(networkId), server.networkIds());
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        OpenStackCloud wrong = harness.client(harness.config("not-the-password", CloudHarness.NETWORK, CloudHarness.FLAVOR));

        AuthenticationFailedException error = assertThrows(AuthenticationFailedException.class, wrong::listServers);

        assertEquals(401, error.httpStatus());
        assertEquals(ErrorKind.AUTHENTICATION, error.kind());
        assertFalse(error.getMessage().contains("not-the-password"));
        assertEquals(1, harness.sim.requests().matching("POST", "/identity/v3/auth/tokens").stream()
                .filter(r -> r.status() == 401).count(), "a refused password is not retried");
        assertEquals(0, harness.sim.requests().count("GET", "/compute/.*"));
        assertEquals(1, wrong.stats().snapshot().get("authenticate").errors().get(ErrorKind.AUTHENTICATION));
    }

    @Test
    void ensuringTheSecurityGroupTwiceCreatesNothingTheSecondTime() throws Exception {
        harness.ensureSecurityGroup(cloud);
        List<SimSecurityGroup> groups = harness.sim.securityGroupsNamed("github-runner-v1");
        assertEquals(1, groups.size());
        List<SimRule> rules = harness.sim.rulesOf(groups.get(0).id());
        assertTrue(hasRule(rules, "ingress", "icmp", null));
        assertTrue(hasRule(rules, "ingress", "tcp", 22));
        assertTrue(hasRule(rules, "egress", "tcp", 10022));
        assertEquals(5, rules.size(), "Neutron's two default egress rules and our three");
        int before = harness.sim.requests().size();

        harness.ensureSecurityGroup(cloud);
        harness.ensureSecurityGroup(harness.client()); // another manager process: no cached state

        List<RecordedRequest> after = harness.sim.requests().all().subList(before, harness.sim.requests().size());
        assertTrue(after.stream().noneMatch(r -> r.method().equals("POST") && r.path().startsWith("/network")), after.toString());
        assertEquals(1, harness.sim.securityGroupsNamed("github-runner-v1").size(), "never duplicated");
        assertEquals(5, harness.sim.rulesOf(groups.get(0).id()).size());
    }

    @Test
    void orphanKeypairsAreRemovedOnlyOnceOlderThanAMinute() throws Exception {
        harness.ensureSecurityGroup(cloud);
        CloudServer live = harness.createServer(cloud, USER_DATA, Map.of());
        CloudServer orphan = harness.createServer(cloud, USER_DATA, Map.of());
        harness.sim.removeServer(orphan.id()); // deleted behind our back: keypair and key file stay
        Instant t = harness.clock.instant();
        harness.sim.addKeypair("github-runner-1-0123456789ab", t.minusSeconds(3600)); // another unit's
        harness.sim.addKeypair("github-runner-0-1-0123456789ab", t.minusSeconds(3600)); // unit github-runner-0-1's
        harness.sim.addKeypair("github-runner-0-0123456789ff", t.minusSeconds(3600)); // ours, no server, no file
        InstanceName fileOnly = InstanceName.parse("github-runner-0-0123456789ee", CloudHarness.PREFIX).orElseThrow();
        Path strayFile = cloud.keyFile(fileOnly);
        Files.writeString(strayFile, "stale");
        Files.setLastModifiedTime(strayFile, java.nio.file.attribute.FileTime.from(t));

        assertEquals(1, cloud.cleanupOrphanKeypairs(), "only the hour-old keypair of ours");
        assertTrue(keypairNames().contains(orphan.keyName()) || mayHaveLostItsKeypair(),
                "a young keypair may belong to a create in progress");
        assertTrue(Files.exists(cloud.keyFile(orphan)));
        assertTrue(Files.exists(strayFile));

        harness.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, cloud.cleanupOrphanKeypairs());

        harness.clock.advance(Duration.ofSeconds(2));
        // Under faults, a keypair create that landed after its client gave up is an orphan too.
        Set<String> lateOrphans = keypairNames().stream()
                .filter(n -> InstanceName.belongsTo(n, CloudHarness.PREFIX))
                .filter(n -> !n.equals(live.keyName()) && !n.equals(orphan.keyName()))
                .collect(Collectors.toSet());
        assertEquals(mode == Mode.CLEAN ? Set.of() : lateOrphans, lateOrphans);
        assertEquals(2 + lateOrphans.size(), cloud.cleanupOrphanKeypairs(), "the orphan's keypair and file, the stray file");
        Set<String> others = Set.of("github-runner-1-0123456789ab", "github-runner-0-1-0123456789ab");
        Set<String> ours = new HashSet<>(keypairNames());
        assertTrue(ours.containsAll(others), "other units' keypairs stay: " + ours);
        ours.removeAll(others);
        if (mayHaveLostItsKeypair()) {
            assertTrue(Set.of(live.keyName()).containsAll(ours), "only the live server's keypair of ours: " + ours);
        } else {
            assertEquals(Set.of(live.keyName()), ours);
        }
        assertEquals(Set.of(live.keyName() + ".key"), keyFileNames());
        assertFalse(Files.exists(cloud.keyFile(orphan)));
        assertFalse(Files.exists(strayFile));
        assertEquals(0, cloud.cleanupOrphanKeypairs());
    }

    @Test
    void followsNovasNextLinksAcrossPages() throws Exception {
        harness.close();
        harness = CloudHarness.start(dir, mode == Mode.FAULTY, seed, b -> b.maxListLimit(3));
        cloud = harness.client();
        Instant t = harness.clock.instant();
        Set<String> ours = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            ours.add(harness.sim.addServer(String.format("%s-%012x", CloudHarness.PREFIX, i), Map.of(), t.minusSeconds(i)).id());
        }
        harness.sim.addServer("github-runner-1-0123456789ab", Map.of(), t);

        assertEquals(ours, ids(cloud.listServers()));
        if (mode == Mode.CLEAN) {
            assertEquals(3, harness.sim.requests().count("GET", "/compute/v2\\.1/servers/detail"), "pages of 3, 3 and 1");
        }
    }

    @Test
    void serversCanBeCreatedFromManyThreadsAtOnce() throws Exception {
        harness.ensureSecurityGroup(cloud);
        Set<String> createdNames = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<CloudServer>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String runner = String.valueOf(i);
                futures.add(pool.submit(() -> harness.createServer(cloud, USER_DATA, Map.of("runner_id", runner))));
            }
            Set<String> created = new HashSet<>();
            for (Future<CloudServer> future : futures) {
                CloudServer server = future.get();
                created.add(server.id());
                createdNames.add(server.keyName());
            }
            assertEquals(6, created.size());
            assertEquals(created, withoutLateServers(cloud.listServers().stream().map(CloudServer::id), created));
        } finally {
            pool.shutdownNow();
        }
        assertCreatesNeverRepeatedBlindly();
        assertOnlyKeysOf(createdNames);
    }

    @Test
    void countsCallsAndErrorsPerOperation() throws Exception {
        cloud.listServers();
        cloud.listServers();
        CallStats.OperationStats list = cloud.stats().snapshot().get("servers.list");
        assertEquals(list.calls() - list.errorCount(), 2, "two successful list calls");
        assertEquals(list.retries(), list.errorCount(), "every failed list attempt was retried");
        assertTrue(cloud.stats().calls("authenticate") >= 1);
    }

    // ---- helpers

    /**
     * No name ever had two servers or two keypairs, and a create went out again under a name only
     * after a lookup of that name (a server listing or a keypair GET) showed nothing there.
     */
    private void assertCreatesNeverRepeatedBlindly() {
        Map<String, Long> made = java.util.stream.Stream.concat(harness.sim.servers().stream(),
                        harness.sim.deletedServers().stream())
                .collect(Collectors.groupingBy(SimServer::name, Collectors.counting()));
        made.forEach((name, count) -> assertEquals(1L, count, "servers made under " + name));
        List<RecordedRequest> all = harness.sim.requests().all();
        for (String path : List.of("/compute/v2\\.1/servers", "/compute/v2\\.1/os-keypairs")) {
            Map<String, List<RecordedRequest>> sends = harness.sim.requests().matching("POST", path).stream()
                    .collect(Collectors.groupingBy(RecordedRequest::subject));
            sends.forEach((name, posts) -> {
                assertTrue(posts.size() <= CallExecutor.MAX_CREATE_SENDS, posts.size() + " POST " + path + " for " + name);
                for (int i = 1; i < posts.size(); i++) {
                    RecordedRequest first = posts.get(i - 1);
                    RecordedRequest again = posts.get(i);
                    boolean lookedUp = all.stream().anyMatch(r -> r.sequence() > first.sequence()
                            && r.sequence() < again.sequence() && r.method().equals("GET") && (r.status() == 200 || r.status() == 404)
                            && (r.path().endsWith("/os-keypairs/" + name) || r.query().contains(name)));
                    assertTrue(lookedUp, "POST " + path + " for " + name + " sent again without a lookup: " + posts);
                }
            });
        }
    }

    /**
     * Nothing leaked (names are key names: a server's own, or a fresh one when its create was sent
     * again). In a clean run the keypairs and key files of this unit are exactly those of the
     * servers created. Under faults two things may land after the client gave up on a create:
     * a keypair (an orphan, which the orphan cleanup must then reclaim) and a server (Nova got the
     * request; the client found nothing and removed its keypair), and a server found after a lost
     * answer has lost its keypair (deleted before the lookup) but not its key file. So there: every
     * created server keeps its key file, and every keypair and key file left belongs to a live server.
     */
    private void assertOnlyKeysOf(Set<String> created) throws Exception {
        if (mode == Mode.CLEAN) {
            assertEquals(created, ourKeypairs());
            assertEquals(files(created), keyFileNames());
            harness.clock.advance(Duration.ofSeconds(61));
            assertEquals(0, cloud.cleanupOrphanKeypairs(), "nothing was left for the orphan cleanup");
            return;
        }
        harness.awaitQuiet();
        harness.clock.advance(Duration.ofSeconds(61));
        cloud.cleanupOrphanKeypairs();
        Set<String> live = harness.sim.servers().stream().map(SimServer::keyName).collect(Collectors.toSet());
        assertTrue(keyFileNames().containsAll(files(created)), keyFileNames() + " lacks one of " + created);
        assertTrue(live.containsAll(ourKeypairs()), "orphan keypairs left: " + ourKeypairs() + ", servers " + live);
        assertTrue(files(live).containsAll(keyFileNames()), "orphan key files left: " + keyFileNames());
    }

    /** Under faults a server found after a lost create answer no longer has its keypair (see ServerCreation). */
    private boolean mayHaveLostItsKeypair() {
        return mode == Mode.FAULTY;
    }

    private Set<String> ourKeypairs() {
        return keypairNames().stream().filter(n -> InstanceName.belongsTo(n, CloudHarness.PREFIX)).collect(Collectors.toSet());
    }

    private static Set<String> files(Set<String> names) {
        return names.stream().map(n -> n + ".key").collect(Collectors.toSet());
    }

    /** Our server as listed now. */
    private CloudServer listed(CloudServer created) throws CloudException {
        return cloud.listServers().stream().filter(s -> s.id().equals(created.id())).findFirst().orElseThrow();
    }

    /**
     * The given server ids minus servers the test does not know of whose create met a fault: the
     * client gave up on them, Nova made them anyway. Under faults such a server may appear; in a
     * clean run there are none.
     */
    private Set<String> withoutLateServers(java.util.stream.Stream<String> ids, Set<String> known) {
        Set<String> late = new HashSet<>();
        if (mode == Mode.FAULTY) {
            harness.awaitQuiet();
            Set<String> faulted = harness.sim.requests().matching("POST", "/compute/v2\\.1/servers").stream()
                    .filter(r -> r.fault() != null).map(RecordedRequest::subject).collect(Collectors.toSet());
            harness.sim.servers().stream().filter(s -> faulted.contains(s.name()) && !known.contains(s.id()))
                    .forEach(s -> late.add(s.id()));
        }
        return ids.filter(id -> !late.contains(id)).collect(Collectors.toSet());
    }

    private Set<String> keypairNames() {
        return harness.sim.keypairs().stream().map(k -> k.name()).collect(Collectors.toSet());
    }

    private Set<String> keyFileNames() throws Exception {
        if (!Files.isDirectory(harness.keyDir)) {
            return Set.of();
        }
        try (var files = Files.list(harness.keyDir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static boolean hasRule(List<SimRule> rules, String direction, String protocol, Integer port) {
        return rules.stream().anyMatch(r -> r.direction().equals(direction) && protocol.equals(r.protocol())
                && java.util.Objects.equals(port, r.portRangeMin()) && java.util.Objects.equals(port, r.portRangeMax())
                && r.ethertype().equals("IPv4") && r.remoteIpPrefix() == null && r.remoteGroupId() == null);
    }

    private static Set<String> names(List<CloudServer> servers) {
        return servers.stream().map(s -> s.name().value()).collect(Collectors.toSet());
    }

    private static Set<String> ids(List<CloudServer> servers) {
        return servers.stream().map(CloudServer::id).collect(Collectors.toSet());
    }

}
