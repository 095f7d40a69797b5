package githubrunner.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class JujuExceptionTest {
    @Test
    void mapsToolErrorsToTypedFailuresAsOpsDoes() {
        assertInstanceOf(JujuException.RelationNotFound.class,
                JujuException.from("relation-get", 2, "ERROR invalid value \"image:9\" for option -r: relation not found\n"));
        assertInstanceOf(JujuException.SecretNotFound.class,
                JujuException.from("secret-get", 1, "ERROR secret \"secret:abc\" not found\n"));
        assertInstanceOf(JujuException.NotLeader.class,
                JujuException.from("relation-set", 1, "ERROR cannot write relation settings\n"));
        assertInstanceOf(JujuException.NotLeader.class,
                JujuException.from("status-set", 1, "ERROR this unit is not the leader\n"));
        assertInstanceOf(JujuException.PermissionDenied.class,
                JujuException.from("secret-get", 1, "ERROR permission denied\n"));
    }

    @Test
    void keepsOtherFailuresGenericWithTheToolsText() {
        JujuException e = JujuException.from("config-get", 1, "ERROR JUJU_CONTEXT_ID not set\n");
        assertEquals(JujuException.class, e.getClass());
        assertEquals("config-get failed (exit 1): JUJU_CONTEXT_ID not set", e.getMessage());
        assertEquals(1, e.exitCode());
    }

    @Test
    void notFoundFromNonSecretToolsIsNotASecretError() {
        assertEquals(JujuException.class,
                JujuException.from("relation-get", 1, "ERROR cannot read settings: settings not found").getClass());
    }
}
