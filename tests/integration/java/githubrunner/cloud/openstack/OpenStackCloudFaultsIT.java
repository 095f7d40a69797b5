package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.sim.openstack.Fault;
import githubrunner.sim.openstack.FaultRule;
import githubrunner.sim.openstack.RecordedRequest;
import githubrunner.sim.openstack.SimKeypair;
import githubrunner.sim.openstack.SimRule;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fault at a time, placed on purpose: how each failure is typed, what is retried (and how
 * often), and what a create does when its answer is lost, late or refused.
 */
class OpenStackCloudFaultsIT {
    private static final String SERVERS = "/compute/v2\\.1/servers";
    private static final String SERVERS_DETAIL = "/compute/v2\\.1/servers/detail";
    private static final String KEYPAIRS = "/compute/v2\\.1/os-keypairs";
    private static final String AUTH = "/identity/v3/auth/tokens";
    private static final String USER_DATA = "#!/bin/sh\ntrue\n";

    @TempDir
    Path dir;

    CloudHarness harness;
    OpenStackCloud cloud;

    @BeforeEach
    void start() throws Exception {
        harness = CloudHarness.start(dir, false, 1);
        cloud = harness.client();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** Longer than the client waits for an answer (the clean harness reads for 5 s; faults here use a short client). */
    private OpenStackCloud impatientClient() {
        return new OpenStackCloud(harness.config(CloudHarness.PASSWORD, CloudHarness.NETWORK, CloudHarness.FLAVOR),
                CloudHarness.PREFIX, harness.keyDir, harness.options().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
    }

    /** Well past the impatient client's 300 ms read timeout. */
    private static final Duration LATE = Duration.ofSeconds(2);

    // ---- typed failures of idempotent calls, retried a bounded number of times

    @Test
    void aServerErrorOnListIsRetriedFourTimesThenTypedWithNovasMessage() {
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.status(500)));

        ServerErrorException error = assertThrows(ServerErrorException.class, cloud::listServers);

        assertEquals(500, error.httpStatus());
        assertTrue(error.serverMessage().startsWith("Unexpected API Error."), error.serverMessage());
        assertEquals(ErrorKind.SERVER_ERROR, error.kind());
        assertEquals(4, harness.sim.requests().count("GET", SERVERS_DETAIL), "bounded: four attempts in all");
        CallStats.OperationStats stats = cloud.stats().snapshot().get("servers.list");
        assertEquals(4, stats.calls());
        assertEquals(3, stats.retries());
        assertEquals(Map.of(ErrorKind.SERVER_ERROR, 4L), stats.errors());
    }

    @Test
    void aPassingServerErrorIsRetriedAway() throws Exception {
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).times(2).inject(Fault.status(503)));

        assertEquals(List.of(), cloud.listServers());

        assertEquals(3, harness.sim.requests().count("GET", SERVERS_DETAIL));
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        OpenStackCloud impatient = impatientClient();
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.delay(LATE)));

        CloudTimeoutException error = assertThrows(CloudTimeoutException.class, impatient::listServers);

        assertEquals(ErrorKind.TIMEOUT, error.kind());
        assertEquals(0, error.httpStatus());
        assertEquals(4, harness.sim.requests().count("GET", SERVERS_DETAIL));
    }

    @Test
    void aDroppedConnectionIsUnreachable() {
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.dropConnection()));

        CloudUnreachableException error = assertThrows(CloudUnreachableException.class, cloud::listServers);

        assertEquals(ErrorKind.UNREACHABLE, error.kind());
        assertEquals(4, harness.sim.requests().count("GET", SERVERS_DETAIL));
    }

    @Test
    void aCloudThatIsNotThereIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = harness.config(CloudHarness.PASSWORD, CloudHarness.NETWORK, CloudHarness.FLAVOR);
        var nowhere = new githubrunner.cloud.openstack.OpenStackTarget("http://127.0.0.1:" + closedPort + "/identity",
                config.credentials(), config.regionName(), config.network(), config.flavor());
        OpenStackCloud client = new OpenStackCloud(nowhere, CloudHarness.PREFIX, harness.keyDir, harness.options());

        CloudUnreachableException error = assertThrows(CloudUnreachableException.class, client::listServers);

        assertTrue(error.getMessage().contains("authenticate"), error.getMessage());
        assertEquals(4, client.stats().calls("authenticate"), "authentication is idempotent: retried");
    }

    @Test
    void aListAnsweredWith404IsAnErrorNotAnEmptyFleet() {
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.status(404)));

        RequestRejectedException error = assertThrows(RequestRejectedException.class, cloud::listServers);

        assertEquals(404, error.httpStatus());
        assertEquals(1, harness.sim.requests().count("GET", SERVERS_DETAIL), "a 4xx is not retried");
    }

    @Test
    void answersThatFailValidationAreInvalidResponses() {
        harness.sim.addServer(CloudHarness.PREFIX + "-0123456789ab", Map.of(), harness.clock.instant());
        FaultRule notJson = FaultRule.on("GET", SERVERS_DETAIL).times(1).inject(Fault.reply(200, "<html>proxy</html>"));
        harness.sim.faults().add(notJson);
        InvalidResponseException garbled = assertThrows(InvalidResponseException.class, cloud::listServers);
        assertFalse(garbled.getMessage().contains("proxy"), "the body is not quoted");

        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).times(1)
                .inject(Fault.reply(200, "{\"servers\": [{\"name\": \"github-runner-0-0123456789ab\", \"status\": \"ACTIVE\"}]}")));
        InvalidResponseException incomplete = assertThrows(InvalidResponseException.class, cloud::listServers);
        assertTrue(incomplete.getMessage().contains("github-runner-0-0123456789ab"), incomplete.getMessage());

        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).times(1).inject(Fault.reply(200, "{}")));
        assertThrows(InvalidResponseException.class, cloud::listServers);
    }

    // ---- creates: never repeated blindly; sent once more only once nothing was made

    @Test
    void aServerCreateFailingWith5xxIsLookedUpThenSentOnceMoreWithAFreshKeypair() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.status(500)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = cloud.createServer(name, harness.imageId(), USER_DATA, Map.of());

        List<String> calls = requestsAfterFirst("POST", SERVERS).stream()
                .map(r -> r.method() + " " + r.path().replace("/compute/v2.1", "")).toList();
        assertEquals(List.of("DELETE /os-keypairs/" + name, "GET /servers/detail", "POST /os-keypairs", "POST /servers"),
                calls,
                "its keypair deleted first (a request still on its way can then not boot), the name looked up, a fresh "
                + "keypair, then the one resend");
        assertTrue(harness.sim.requests().matching("GET", SERVERS_DETAIL).get(0).query().contains(name.value()));
        assertEquals(2, harness.sim.requests().count("POST", SERVERS));
        assertEquals(List.of(name.value()), harness.sim.servers().stream().map(s -> s.name()).toList());
        assertFalse(server.keyName().equals(name.value()), "booted with a fresh keypair");
        assertEquals(server.keyName(), harness.sim.server(server.id()).orElseThrow().keyName());
        assertEquals(List.of(server.keyName()), harness.sim.keypairs().stream().map(SimKeypair::name).toList());
        assertFalse(Files.exists(cloud.keyFile(name)), "the unused key is gone");
        assertTrue(Files.exists(cloud.keyFile(server)));
        assertEquals(1, cloud.stats().snapshot().get("servers.create").retries());

        assertTrue(cloud.deleteServer(cloud.listServers().get(0)));
        assertTrue(harness.sim.keypairs().isEmpty(), "the delete removes the keypair the server was booted with");
        assertFalse(Files.exists(cloud.keyFile(server)));
    }

    @Test
    void aServerCreateFailingTwiceIsNotSentAThirdTimeAndLeavesNothing() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).inject(Fault.status(503)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        ServerErrorException error = assertThrows(ServerErrorException.class,
                () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(503, error.httpStatus());
        assertEquals(2, harness.sim.requests().count("POST", SERVERS), "at most two sends");
        assertTrue(harness.sim.servers().isEmpty());
        assertTrue(harness.sim.keypairs().isEmpty());
        assertEquals(List.of(), keyFiles());
    }

    @Test
    void aServerCreateRefusedWith4xxIsNotRepeatedAndItsKeypairIsRemoved() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.status(400)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        RequestRejectedException error = assertThrows(RequestRejectedException.class,
                () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(400, error.httpStatus());
        assertEquals(1, harness.sim.requests().count("POST", SERVERS));
        assertEquals(0, harness.sim.requests().count("GET", SERVERS_DETAIL), "a refusal made nothing: no lookup");
        assertTrue(harness.sim.keypairs().isEmpty());
        assertFalse(Files.exists(cloud.keyFile(name)));
    }

    @Test
    void aLostCreateAnswerFindsTheServerThatWasMade() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.dropResponse()));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = cloud.createServer(name, harness.imageId(), USER_DATA, Map.of("runner_id", "3"));

        assertEquals(harness.sim.serversNamed(name.value()).get(0).id(), server.id());
        assertEquals("3", server.runnerId().orElseThrow());
        assertEquals(1, harness.sim.requests().count("POST", SERVERS), "not sent twice");
        assertTrue(Files.exists(cloud.keyFile(server)), "the server keeps its key");
        assertEquals(name.value(), server.keyName());
        assertTrue(harness.sim.keypairs().isEmpty(), "its keypair was deleted before the lookup (Nova keeps the key "
                + "in the server); the key file stays");
        assertEquals(name.value(), harness.sim.server(server.id()).orElseThrow().keyName());

        assertTrue(cloud.deleteServer(server), "a keypair already gone does not stop the delete");
        assertFalse(Files.exists(cloud.keyFile(server)));
    }

    @Test
    void aLateCreateAnswerFindsTheServerThatWasMade() throws Exception {
        OpenStackCloud impatient = impatientClient();
        impatient.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.slowResponse(LATE)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = impatient.createServer(name, harness.imageId(), USER_DATA, Map.of());

        assertEquals(harness.sim.serversNamed(name.value()).get(0).id(), server.id());
        assertEquals(1, harness.sim.requests().count("POST", SERVERS));
    }

    @Test
    void aCreateThatTimesOutIsSentAgainAndTheFirstLandingLateCannotBoot() throws Exception {
        OpenStackCloud impatient = impatientClient();
        impatient.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.delay(LATE)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = impatient.createServer(name, harness.imageId(), USER_DATA, Map.of());
        harness.awaitQuiet();

        // The late create reached Nova after its keypair was deleted: Nova refused it.
        RecordedRequest late = harness.sim.requests().matching("POST", SERVERS).get(0);
        assertEquals(400, late.status());
        assertEquals(1, harness.sim.serversNamed(name.value()).size(), "one server of the name, never two");
        assertEquals(server.id(), harness.sim.serversNamed(name.value()).get(0).id());
        assertEquals(List.of(server.keyName()), harness.sim.keypairs().stream().map(SimKeypair::name).toList());
        assertFalse(Files.exists(impatient.keyFile(name)));
    }

    @Test
    void aLostCreateAnswerWhoseLookupFailsIsNotSentAgainAndTheSweepKeepsOnlyTheKeyOfTheServerMade() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.dropResponse()));
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.status(503)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        assertThrows(CloudUnreachableException.class, () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(1, harness.sim.requests().count("POST", SERVERS), "cannot tell whether it was made: not sent again");
        assertEquals(1, harness.sim.serversNamed(name.value()).size(), "it was made");
        assertTrue(harness.sim.keypairs().isEmpty(), "its keypair was deleted before the lookup");
        assertTrue(Files.exists(cloud.keyFile(name)), "the key file stays while a server may use it");

        harness.sim.faults().clear();
        assertEquals(0, cloud.cleanupAllOrphanKeypairs(), "the server boots with that key: nothing is an orphan");
        assertTrue(Files.exists(cloud.keyFile(name)));
        assertTrue(cloud.deleteServer(cloud.listServers().get(0)));
        assertTrue(harness.sim.servers().isEmpty());
        assertEquals(List.of(), keyFiles());
    }

    @Test
    void aCreateThatMadeNothingAndWhoseLookupFailsLeavesOnlyAKeyFileForTheSweep() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.dropConnection()));
        harness.sim.faults().add(FaultRule.on("GET", SERVERS_DETAIL).inject(Fault.status(503)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        assertThrows(CloudUnreachableException.class, () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(1, harness.sim.requests().count("POST", SERVERS));
        assertTrue(harness.sim.servers().isEmpty());
        assertTrue(harness.sim.keypairs().isEmpty());
        harness.sim.faults().clear();
        assertEquals(0, cloud.cleanupOrphanKeypairs(), "a young key may belong to a create in progress");
        assertEquals(1, cloud.cleanupAllOrphanKeypairs(), "once nothing is created, it goes whatever its age");
        assertEquals(List.of(), keyFiles());
    }

    @Test
    void aKeypairThatCannotBeDeletedBeforeTheLookupMeansNoResend() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.dropConnection()));
        harness.sim.faults().add(FaultRule.on("DELETE", KEYPAIRS + "/.*").inject(Fault.status(503)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        assertThrows(CloudUnreachableException.class, () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(1, harness.sim.requests().count("POST", SERVERS), "a request still on its way could boot: no second one");
        assertEquals(1, harness.sim.requests().count("GET", SERVERS_DETAIL), "looked up all the same");
        assertTrue(harness.sim.servers().isEmpty());
        assertEquals(List.of(name.value()), harness.sim.keypairs().stream().map(SimKeypair::name).toList());
        harness.sim.faults().clear();
        assertEquals(1, cloud.cleanupAllOrphanKeypairs());
        assertTrue(harness.sim.keypairs().isEmpty());
        assertEquals(List.of(), keyFiles());
    }

    @Test
    void aLostKeypairAnswerWhoseLookupFailsLeavesAKeypairWithoutKeyFileForTheSweep() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", KEYPAIRS).times(1).inject(Fault.dropResponse()));
        harness.sim.faults().add(FaultRule.on("GET", KEYPAIRS + "/.*").inject(Fault.status(503)));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        assertThrows(CloudUnreachableException.class, () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(1, harness.sim.requests().count("POST", KEYPAIRS), "cannot tell whether it was made: not sent again");
        assertEquals(0, harness.sim.requests().count("POST", SERVERS));
        assertEquals(List.of(name.value()), harness.sim.keypairs().stream().map(SimKeypair::name).toList());
        assertEquals(List.of(), keyFiles(), "the private key is written only once the keypair is known to be ours");
        harness.sim.faults().clear();
        assertEquals(1, cloud.cleanupAllOrphanKeypairs());
        assertTrue(harness.sim.keypairs().isEmpty());
    }

    @Test
    void aLostKeypairAnswerFindsTheKeypairMadeWithOurKey() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", KEYPAIRS).times(1).inject(Fault.dropResponse()));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = cloud.createServer(name, harness.imageId(), USER_DATA, Map.of());

        assertEquals(List.of("POST /compute/v2.1/os-keypairs -1", "GET /compute/v2.1/os-keypairs/" + name + " 200"),
                keypairCalls(), "looked up, found with our public key: no second create");
        assertEquals(name.value(), server.keyName());
        assertEquals(publicKeyOf(cloud.keyFile(server)), harness.sim.keypairs().get(0).publicKey().split(" ")[1],
                "the private key kept matches the keypair");
        assertEquals(name.value(), harness.sim.server(server.id()).orElseThrow().keyName());
    }

    @Test
    void aKeypairCreateThatMadeNothingIsSentOnceMore() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", KEYPAIRS).times(1).inject(Fault.dropConnection()));
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);

        CloudServer server = cloud.createServer(name, harness.imageId(), USER_DATA, Map.of());

        assertEquals(List.of("POST /compute/v2.1/os-keypairs -1", "GET /compute/v2.1/os-keypairs/" + name + " 404",
                "POST /compute/v2.1/os-keypairs 200"), keypairCalls());
        assertEquals(publicKeyOf(cloud.keyFile(server)), harness.sim.keypairs().get(0).publicKey().split(" ")[1]);
        assertEquals(1, harness.sim.servers().size());
    }

    @Test
    void aKeypairAnswerHoldingAnotherPublicKeyIsNotTrusted() throws Exception {
        cloud.ensureSecurityGroup();
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);
        harness.sim.faults().add(FaultRule.on("POST", KEYPAIRS).times(1).inject(Fault.reply(200,
                "{\"keypair\": {\"name\": \"" + name + "\", \"public_key\": \"ssh-rsa AAAA x\", \"fingerprint\": \"f\"}}")));

        InvalidResponseException error = assertThrows(InvalidResponseException.class,
                () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertTrue(error.getMessage().contains("another public key"), error.getMessage());
        assertEquals(1, harness.sim.requests().count("GET", KEYPAIRS + "/" + name), "looked up");
        assertEquals(0, harness.sim.requests().count("POST", SERVERS));
        assertFalse(Files.exists(cloud.keyFile(name)));
    }

    @Test
    void aKeypairNameHoldingAnotherKeyIsNeverTakenNorDeleted() throws Exception {
        cloud.ensureSecurityGroup();
        InstanceName name = InstanceName.generate(CloudHarness.PREFIX);
        SimKeypair theirs = harness.sim.addKeypair(name.value(), harness.clock.instant());

        RequestRejectedException error = assertThrows(RequestRejectedException.class,
                () -> cloud.createServer(name, harness.imageId(), USER_DATA, Map.of()));

        assertEquals(409, error.httpStatus());
        assertTrue(error.getMessage().contains("another key"), error.getMessage());
        assertEquals(List.of(theirs), harness.sim.keypairs());
        assertEquals(0, harness.sim.requests().count("POST", SERVERS));
        assertFalse(Files.exists(cloud.keyFile(name)));
    }

    @Test
    void tooManyKeypairsIsAQuotaError() throws Exception {
        cloud.ensureSecurityGroup();
        for (int i = 0; i < 100; i++) {
            harness.sim.addKeypair(String.format("someone-else-%03d", i), harness.clock.instant());
        }

        QuotaExceededException error = assertThrows(QuotaExceededException.class,
                () -> cloud.createServer(InstanceName.generate(CloudHarness.PREFIX), harness.imageId(), USER_DATA, Map.of()));

        assertEquals("Quota exceeded, too many key pairs.", error.serverMessage());
        assertEquals(0, harness.sim.requests().count("POST", SERVERS));
    }

    @Test
    void aServerWhoseBootFailsIsListedAsError() throws Exception {
        cloud.ensureSecurityGroup();
        harness.sim.faults().add(FaultRule.on("POST", SERVERS).times(1).inject(Fault.bootError()));

        CloudServer server = harness.createServer(cloud, USER_DATA, Map.of());

        assertEquals(ServerStatus.ERROR, cloud.listServers().get(0).status());
        assertEquals("No valid host was found. There are not enough hosts available.",
                harness.sim.server(server.id()).orElseThrow().faultMessage());
    }

    @Test
    void userDataTooLargeForNovaIsRefusedBeforeAnyCall() {
        String huge = "x".repeat(60_000);
        RequestRejectedException error = assertThrows(RequestRejectedException.class,
                () -> cloud.createServer(InstanceName.generate(CloudHarness.PREFIX), harness.imageId(), huge, Map.of()));
        assertTrue(error.getMessage().contains("65535"), error.getMessage());
        assertFalse(error.getMessage().contains("xxxx"));
        assertEquals(0, harness.sim.requests().size());
    }

    // ---- security group

    @Test
    void aLostSecurityGroupAnswerDoesNotDuplicateTheGroup() throws Exception {
        harness.sim.faults().add(FaultRule.on("POST", "/network/v2\\.0/security-groups").times(1).inject(Fault.dropResponse()));

        cloud.ensureSecurityGroup();

        assertEquals(1, harness.sim.securityGroupsNamed("github-runner-v1").size());
        assertEquals(1, harness.sim.requests().count("POST", "/network/v2\\.0/security-groups"));
        assertEquals(5, harness.sim.rulesOf(harness.sim.securityGroupsNamed("github-runner-v1").get(0).id()).size());
    }

    @Test
    void aSecurityGroupCreateAnsweredWithAServerErrorIsSentAgainAtOnce() throws Exception {
        harness.sim.faults().add(FaultRule.on("POST", "/network/v2\\.0/security-groups").times(1).inject(Fault.status(503)));

        assertThrows(ServerErrorException.class, cloud::ensureSecurityGroup);
        // The answer ended the request and the lookup after it found nothing: no fence, no waiting minutes.
        cloud.ensureSecurityGroup();

        assertEquals(2, harness.sim.requests().count("POST", "/network/v2\\.0/security-groups"));
        assertEquals(1, harness.sim.securityGroupsNamed("github-runner-v1").size());
    }

    @Test
    void aSecurityGroupCreateStillInFlightIsNotSentAgain() throws Exception {
        OpenStackCloud impatient = impatientClient();
        harness.sim.faults().add(FaultRule.on("POST", "/network/v2\\.0/security-groups").times(1).inject(Fault.delay(LATE)));

        assertThrows(CloudTimeoutException.class, impatient::ensureSecurityGroup);
        CloudTimeoutException waiting = assertThrows(CloudTimeoutException.class, impatient::ensureSecurityGroup);
        assertTrue(waiting.getMessage().contains("may still be in progress"), waiting.getMessage());
        harness.awaitQuiet();
        impatient.ensureSecurityGroup();

        assertEquals(1, harness.sim.requests().count("POST", "/network/v2\\.0/security-groups"));
        assertEquals(1, harness.sim.securityGroupsNamed("github-runner-v1").size());
    }

    @Test
    void aMissingRuleIsAddedBackAndNothingElse() throws Exception {
        cloud.ensureSecurityGroup();
        String group = harness.sim.securityGroupsNamed("github-runner-v1").get(0).id();
        SimRule ssh = harness.sim.rulesOf(group).stream()
                .filter(r -> Integer.valueOf(22).equals(r.portRangeMin())).findFirst().orElseThrow();
        harness.sim.removeRule(ssh.id());
        int rulePostsBefore = harness.sim.requests().count("POST", "/network/v2\\.0/security-group-rules");

        harness.client().ensureSecurityGroup();

        assertEquals(rulePostsBefore + 1, harness.sim.requests().count("POST", "/network/v2\\.0/security-group-rules"));
        assertTrue(harness.sim.rulesOf(group).stream().anyMatch(r -> Integer.valueOf(22).equals(r.portRangeMin())
                && "ingress".equals(r.direction()) && "tcp".equals(r.protocol())));
    }

    // ---- Keystone

    @Test
    void aTokenAboutToExpireIsRenewedBeforeUse() throws Exception {
        harness.sim.setTokenLifetime(Duration.ofMinutes(10));
        cloud.listServers();
        harness.clock.advance(Duration.ofMinutes(6)); // 4 minutes left: renew rather than risk a 401

        cloud.listServers();

        assertEquals(2, harness.sim.requests().count("POST", AUTH));
        assertTrue(harness.sim.requests().all().stream().noneMatch(r -> r.status() == 401));
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallSucceeds() throws Exception {
        cloud.listServers();
        harness.sim.revokeTokens();

        cloud.listServers();
        cloud.listServers();

        List<String> calls = harness.sim.requests().all().stream().map(r -> r.method() + " " + r.status()).toList();
        assertEquals(List.of("POST 201", "GET 200", "GET 401", "POST 201", "GET 200", "GET 200"), calls);
    }

    @Test
    void aPasswordChangedUnderneathIsAnAuthenticationFailure() throws Exception {
        cloud.listServers();
        harness.sim.setPassword("rotated");
        harness.sim.revokeTokens();

        AuthenticationFailedException error = assertThrows(AuthenticationFailedException.class, cloud::listServers);
        assertEquals(ErrorKind.AUTHENTICATION, error.kind());
        assertThrows(AuthenticationFailedException.class, cloud::listServers);
        assertFalse(error.getMessage().contains(CloudHarness.PASSWORD));
    }

    @Test
    void threadsStartingTogetherAuthenticateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<CloudServer>>> lists = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lists.add(pool.submit(cloud::listServers));
            }
            for (Future<List<CloudServer>> list : lists) {
                assertEquals(List.of(), list.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, harness.sim.requests().count("POST", AUTH));
        assertEquals(8, harness.sim.requests().count("GET", SERVERS_DETAIL));
    }

    private List<String> keypairCalls() {
        return harness.sim.requests().matching("*", KEYPAIRS + ".*").stream()
                .map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    }

    /** The OpenStack public key body of a private key file, read as the manager's SSH client reads it. */
    private static String publicKeyOf(Path keyFile) throws Exception {
        try (var in = Files.newInputStream(keyFile)) {
            java.security.KeyPair pair = org.apache.sshd.common.util.security.SecurityUtils.loadKeyPairIdentities(null,
                    org.apache.sshd.common.NamedResource.ofName(keyFile.toString()), in, null).iterator().next();
            return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic()).split(" ")[1];
        }
    }

    private List<String> keyFiles() throws Exception {
        if (!Files.isDirectory(harness.keyDir)) {
            return List.of();
        }
        try (var files = Files.list(harness.keyDir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private List<RecordedRequest> requestsAfterFirst(String method, String pathRegex) {
        List<RecordedRequest> all = harness.sim.requests().all();
        RecordedRequest first = harness.sim.requests().matching(method, pathRegex).get(0);
        return all.subList(all.indexOf(first) + 1, all.size());
    }
}
