package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.common.InstanceName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateServersTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private static CloudServer server(String id, String suffix, Instant created) {
        return new CloudServer(id, InstanceName.parse("u-0-" + suffix, "u-0").orElseThrow(), ServerStatus.ACTIVE,
                created, Map.of(), List.of());
    }

    @Test
    void uniqueNamesAreAllKeptInOrder() {
        CloudServer a = server("a", "000000000001", T);
        CloudServer b = server("b", "000000000002", T.minusSeconds(5));
        var resolution = DuplicateServers.resolve(List.of(a, b));
        assertEquals(List.of(a, b), resolution.kept());
        assertEquals(List.of(), resolution.duplicates());
    }

    @Test
    void theNewestOfANameIsKeptWhereverItIsListed() {
        CloudServer old = server("x", "000000000001", T.minusSeconds(60));
        CloudServer other = server("y", "000000000002", T);
        CloudServer newest = server("z", "000000000001", T);
        CloudServer older = server("w", "000000000001", T.minusSeconds(30));
        var resolution = DuplicateServers.resolve(List.of(old, other, newest, older));
        assertEquals(List.of(other, newest), resolution.kept());
        assertEquals(List.of(old, older), resolution.duplicates());
    }

    @Test
    void aTieInTheSameSecondIsBrokenByIdSoEveryRunAgrees() {
        CloudServer a = server("aaa", "000000000001", T);
        CloudServer b = server("bbb", "000000000001", T);
        assertEquals(List.of(b), DuplicateServers.resolve(List.of(a, b)).kept());
        assertEquals(List.of(b), DuplicateServers.resolve(List.of(b, a)).kept());
    }

    @Test
    void legacyInfixNamesAreDistinctFromPlainOnes() {
        CloudServer plain = new CloudServer("p", InstanceName.parse("u-0-000000000001", "u-0").orElseThrow(),
                ServerStatus.ACTIVE, T, Map.of(), List.of());
        CloudServer legacy = new CloudServer("l", InstanceName.parse("u-0-n-000000000001", "u-0").orElseThrow(),
                ServerStatus.ACTIVE, T, Map.of(), List.of());
        assertEquals(List.of(plain, legacy), DuplicateServers.resolve(List.of(plain, legacy)).kept());
    }
}
