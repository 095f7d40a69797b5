package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventResolverTest {
    @Test
    void plainHookFromDispatchPath() {
        Event event = EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", "hooks/config-changed"), "./dispatch");
        assertEquals(Event.Kind.HOOK, event.kind());
        assertEquals("config-changed", event.name());
    }

    @Test
    void relationHookTakesEndpointAndIdsFromTheEnvironment() {
        Event event = EventResolver.resolve(Map.of(
                "JUJU_DISPATCH_PATH", "hooks/debug-ssh-relation-changed",
                "JUJU_RELATION", "debug-ssh", "JUJU_RELATION_ID", "debug-ssh:7",
                "JUJU_REMOTE_UNIT", "tmate/0", "JUJU_REMOTE_APP", "tmate"), "");
        assertEquals(Event.Kind.RELATION, event.kind());
        assertEquals("debug-ssh-relation-changed", event.name());
        assertEquals("debug-ssh", event.endpoint());
        assertEquals("debug-ssh:7", event.relationId());
        assertEquals("tmate/0", event.remoteUnit());
        assertEquals("tmate", event.remoteApp());
        assertEquals("changed", event.relationPhase());
    }

    @Test
    void relationEndpointWithDashesIsNotSplitWhenJujuRelationIsMissing() {
        Event event = EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", "hooks/cos-agent-relation-joined"), "");
        assertEquals("cos-agent", event.endpoint());
        assertEquals("joined", event.relationPhase());
    }

    @Test
    void relationCreatedAndBrokenHaveNoRemoteUnit() {
        Event event = EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", "hooks/image-relation-broken",
                "JUJU_RELATION", "image", "JUJU_RELATION_ID", "image:3", "JUJU_REMOTE_UNIT", "",
                "JUJU_REMOTE_APP", "image-builder"), "");
        assertEquals("", event.remoteUnit());
        assertEquals("broken", event.relationPhase());
    }

    @Test
    void actionFromDispatchPath() {
        Event event = EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", "actions/flush-runners",
                "JUJU_ACTION_NAME", "flush-runners", "JUJU_HOOK_NAME", ""), "");
        assertEquals(Event.Kind.ACTION, event.kind());
        assertEquals("flush-runners", event.name());
    }

    @Test
    void secretHookCarriesTheSecretId() {
        Event event = EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", "hooks/secret-changed",
                "JUJU_SECRET_ID", "secret:cs3n5b7mp25c7c5dhq4g"), "");
        assertEquals(Event.Kind.SECRET, event.kind());
        assertEquals("secret:cs3n5b7mp25c7c5dhq4g", event.secretId());
    }

    @Test
    void fallsBackToArgv0WhenDispatchPathIsAbsent() {
        assertEquals(Event.hook("install"), EventResolver.resolve(Map.of(), "/var/lib/juju/agents/unit-x-0/charm/hooks/install"));
        assertEquals("image-relation-changed",
                EventResolver.resolve(Map.of("JUJU_RELATION_ID", "image:1"), "hooks/image-relation-changed").name());
        assertEquals(Event.Kind.ACTION, EventResolver.resolve(Map.of(), "charm/actions/check-runners").kind());
    }

    @Test
    void noEventIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> EventResolver.resolve(Map.of(), "/charm/dispatch"));
        assertThrows(IllegalArgumentException.class, () -> EventResolver.resolve(Map.of(), ""));
    }

    @Test
    void emptyDispatchPathFallsBackToArgv0() {
        assertEquals("update-status",
                EventResolver.resolve(Map.of("JUJU_DISPATCH_PATH", ""), "hooks/update-status").name());
    }
}
