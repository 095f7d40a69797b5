package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.HostPaths;
import githubrunner.juju.FakeJujuBackend;
import githubrunner.juju.UnitStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mongodb-relation-created through the dispatcher: the leader's request, then the unit's configuration. */
class MongoDbRelationCreatedTest {
    @TempDir Path root;
    FakeJujuBackend juju;
    CharmContext context;
    FakeJujuBackend.Relation relation;

    @BeforeEach
    void setUp() {
        juju = new FakeJujuBackend();
        relation = juju.addRelation("mongodb:3", "mongodb");
        context = new CharmContext(juju, Map.of(), UnitIdentity.parse("github-runner/1"), root.resolve("charm"),
                HostPaths.under(root), new DispatcherTest.RecordingCommands());
    }

    private static Event created() {
        return new Event(Event.Kind.RELATION, "mongodb-relation-created", "mongodb", "mongodb:3", "", "mongodb", "");
    }

    @Test
    void theLeaderAsksForTheDatabase() {
        assertEquals(0, new Dispatcher().dispatch(created(), context));
        assertEquals("github-runner-webhook-router", relation.localAppData.get("database"));
        assertTrue(relation.localAppData.get("requested-secrets").contains("\"uris\""));
        assertTrue(juju.lastStatus() != null, "the unit reconfigured");
    }

    @Test
    void anotherUnitOnlyReconfigures() {
        juju.leader = false;
        assertEquals(0, new Dispatcher().dispatch(created(), context));
        assertTrue(relation.localAppData.isEmpty());
        assertEquals(UnitStatus.Kind.BLOCKED, juju.lastStatus().kind(), "unconfigured: " + juju.lastStatus());
    }
}
