package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.charm.UnitIdentity;
import githubrunner.contract.ManagerConfig;
import githubrunner.contract.ManagerConfigFile;
import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mongodb_client requirer, against the databags and secrets a MongoDB provider publishes. */
class MongoDbRelationTest {
    /** A valid configuration with an image, as CharmConfigTest sets it up. */
    private final CharmConfigTest fixture = new CharmConfigTest();
    private FakeJujuBackend juju;
    private Map<String, String> environment;
    private static final String URI = "mongodb://relation-3:Pa55%40word@10.0.0.5:27017,10.0.0.6:27017/"
            + "github-runner-webhook-router?replicaSet=mongodb&authSource=admin";
    private static final String SECRET = "secret:cq4flumq4f8s9ocsmn9g";

    @BeforeEach
    void validConfigWithImage() {
        fixture.validConfigWithImage();
        juju = fixture.juju;
        environment = fixture.environment;
    }

    private CharmConfig.Loaded load() throws ConfigException {
        return fixture.load();
    }

    private UnitStatus failure() {
        return fixture.failure();
    }

    private void assertBlocked(String message) {
        fixture.assertBlocked(message);
    }

    private FakeJujuBackend.Relation relate() {
        return juju.addRelation("mongodb:3", "mongodb");
    }

    private ManagerConfig.Reactive reactive() throws ConfigException {
        return load().managerConfig().reactive();
    }

    @Test
    void withoutTheRelationThereIsNoReactiveMode() throws Exception {
        assertNull(reactive());
    }

    @Test
    void untilTheProviderPublishesCredentialsTheUnitWaits() {
        FakeJujuBackend.Relation relation = relate();
        assertEquals(UnitStatus.waiting("Missing uris for mongodb integration"), failure());
        relation.units.put("mongodb/0", new HashMap<>(Map.of("private-address", "10.0.0.5")));
        relation.units.put("mongodb", new HashMap<>(Map.of("database", "github-runner-webhook-router",
                "endpoints", "10.0.0.5:27017")));
        assertEquals(UnitStatus.waiting("Missing uris for mongodb integration"), failure());
    }

    @Test
    void credentialsComeFromTheSecretTheProviderGrantsWithTheLibrarysLabel() throws Exception {
        FakeJujuBackend.Relation relation = relate();
        relation.units.put("mongodb/0", new HashMap<>());
        relation.units.put("mongodb", new HashMap<>(Map.of("database", "github-runner-webhook-router",
                "endpoints", "10.0.0.5:27017,10.0.0.6:27017", "replset", "mongodb", "secret-user", SECRET)));
        juju.ungrantedSecrets.add(SECRET);
        juju.secrets.put(SECRET, Map.of("username", "relation-3", "password", "Pa55@word", "uris", URI));
        assertEquals(UnitStatus.waiting("Missing uris for mongodb integration"), failure(), "not granted yet");

        juju.ungrantedSecrets.clear();
        ManagerConfig.Reactive reactive = reactive();
        assertEquals(URI, reactive.mongodbUri().reveal());
        assertEquals("github-runner-webhook-router", reactive.database());
        assertEquals("github-runner", reactive.queue(), "the queue is the application name: the router's flavour");
        assertEquals("mongodb.3.user.secret", juju.secretLabels.get(SECRET));
        assertFalse(reactive.toString().contains("Pa55"), reactive.toString());
    }

    @Test
    void anOldProviderPutsTheUriInTheDatabag() throws Exception {
        FakeJujuBackend.Relation relation = relate();
        relation.units.put("mongodb/0", new HashMap<>());
        relation.units.put("mongodb", new HashMap<>(Map.of("database", "other-db", "username", "relation-3",
                "password", "Pa55@word", "uris", "mongodb://relation-3:x@10.0.0.5/other-db")));
        ManagerConfig.Reactive reactive = reactive();
        assertEquals("other-db", reactive.database(), "the database the URI names, as kombu reads it");
    }

    @Test
    void aUriThatIsNotMongoDbBlocks() {
        FakeJujuBackend.Relation relation = relate();
        relation.units.put("mongodb/0", new HashMap<>());
        relation.units.put("mongodb", new HashMap<>(Map.of("uris", "http://10.0.0.5\nx")));
        assertBlocked("Invalid uris from the mongodb integration");
    }

    @Test
    void theRelationBeingBrokenTurnsReactiveModeOff() throws Exception {
        FakeJujuBackend.Relation relation = relate();
        relation.units.put("mongodb/0", new HashMap<>());
        relation.units.put("mongodb", new HashMap<>(Map.of("uris", URI)));
        environment.put("JUJU_DISPATCH_PATH", "hooks/mongodb-relation-broken");
        environment.put("JUJU_RELATION_ID", "mongodb:3");
        assertNull(reactive());
        environment.put("JUJU_DISPATCH_PATH", "hooks/mongodb-relation-changed");
        assertEquals(URI, reactive().mongodbUri().reveal());
    }

    @Test
    void theLeadersRequestIsTheLibrarys() {
        FakeJujuBackend.Relation relation = relate();
        MongoDbRelation.request(juju, "mongodb:3");
        String requested = "[\"username\", \"password\", \"tls\", \"tls-ca\", \"uris\", \"read-only-uris\", \"entity-name\", "
                + "\"entity-password\"]";
        assertEquals(Map.of("database", "github-runner-webhook-router", "requested-secrets", requested,
                "provided-secrets", "[\"mtls-cert\"]"), relation.localAppData);
        assertEquals(Map.of("requested-secrets", requested, "provided-secrets", "[\"mtls-cert\"]"), relation.localUnitData);
    }

    @Test
    void onlyTheCredentialSecretsLabelIsARotation() {
        assertTrue(MongoDbRelation.isCredentialLabel("mongodb.3.user.secret"));
        assertFalse(MongoDbRelation.isCredentialLabel("mongodb.3.tls.secret"));
        assertFalse(MongoDbRelation.isCredentialLabel(null));
        assertFalse(MongoDbRelation.isCredentialLabel("token"));
    }

    @Test
    void theUriGoesOnlyIntoTheManagersConfigFile() throws Exception {
        FakeJujuBackend.Relation relation = relate();
        relation.units.put("mongodb/0", new HashMap<>());
        relation.units.put("mongodb", new HashMap<>(Map.of("uris", URI)));
        ManagerConfig config = load().managerConfig();
        assertTrue(ManagerConfigFile.toYaml(config).contains(URI));
        assertEquals(config, ManagerConfigFile.fromYaml(ManagerConfigFile.toYaml(config)));
        assertFalse(config.toString().contains("Pa55"), "the config's log form hides the URI");
        assertTrue(juju.logs.stream().noneMatch(l -> l.contains("Pa55")));
        assertEquals("github-runner/0", UnitIdentity.parse("github-runner/0").unitName());
    }
}
