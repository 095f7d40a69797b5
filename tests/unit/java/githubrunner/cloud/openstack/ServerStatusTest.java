package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerStatusTest {
    @ParameterizedTest
    @CsvSource({"BUILD,BUILD", "REBUILD,BUILD", "ACTIVE,ACTIVE", "active,ACTIVE", "ERROR,ERROR", "SHUTOFF,SHUTOFF",
            "STOPPED,SHUTOFF", "DELETED,DELETED", "SOFT_DELETED,DELETED", "PAUSED,UNKNOWN", "MIGRATING,UNKNOWN",
            "SHELVED_OFFLOADED,UNKNOWN", "WHATEVER,UNKNOWN", "'',UNKNOWN"})
    void mapsNovaStatuses(String nova, ServerStatus expected) {
        assertEquals(expected, ServerStatus.fromNova(nova));
    }

    @org.junit.jupiter.api.Test
    void noStatusIsUnknown() {
        assertEquals(ServerStatus.UNKNOWN, ServerStatus.fromNova(null));
    }
}
