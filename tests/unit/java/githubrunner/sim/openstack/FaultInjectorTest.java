package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
    private static List<String> picks(long seed, FaultRule rule, int requests) {
        FaultInjector injector = new FaultInjector(seed);
        injector.add(rule);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            result.add(injector.pick("GET", "/compute/v2.1/servers").map(Fault::toString).orElse("-"));
        }
        return result;
    }

    @Test
    void aSeedFixesWhichRequestsMeetWhichFault() {
        FaultRule rule = FaultRule.on("*", "/.*").probability(0.3).inject(Fault.status(500), Fault.delay(Duration.ofMillis(5)));
        assertEquals(picks(7, rule, 200), picks(7, rule, 200));
        List<String> run = picks(7, rule, 1000);
        long faulted = run.stream().filter(s -> !s.equals("-")).count();
        assertTrue(faulted > 240 && faulted < 360, faulted + " of 1000 at p=0.3");
        assertTrue(run.contains("status 500") && run.contains("delay 5ms"));
    }

    @Test
    void rulesMatchMethodAndWholePathAndStopAfterTheirCount() {
        FaultInjector injector = new FaultInjector(1);
        FaultRule rule = FaultRule.on("POST", "/compute/v2\\.1/servers").times(2).inject(Fault.dropResponse());
        injector.add(rule);
        assertEquals(Optional.empty(), injector.pick("GET", "/compute/v2.1/servers"));
        assertEquals(Optional.empty(), injector.pick("POST", "/compute/v2.1/servers/detail"));
        assertEquals(Fault.Kind.DROP_RESPONSE, injector.pick("post", "/compute/v2.1/servers").orElseThrow().kind());
        assertEquals(Fault.Kind.DROP_RESPONSE, injector.pick("POST", "/compute/v2.1/servers").orElseThrow().kind());
        assertEquals(Optional.empty(), injector.pick("POST", "/compute/v2.1/servers"));
        assertEquals(2, injector.firedCount(rule));
        injector.clear();
        assertEquals(0, injector.firedCount(rule));
    }

    @Test
    void theFirstRuleThatFiresWins() {
        FaultInjector injector = new FaultInjector(1);
        injector.add(FaultRule.on("*", "/a").probability(0).inject(Fault.status(500)));
        injector.add(FaultRule.on("*", "/a").inject(Fault.status(503)));
        injector.add(FaultRule.on("*", "/a").inject(Fault.status(502)));
        assertEquals(503, injector.pick("GET", "/a").orElseThrow().status());
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fault.status(200));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.on("*", "/").probability(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.on("*", "/").times(0));
        assertThrows(IllegalStateException.class, () -> new FaultInjector(1).add(FaultRule.on("*", "/")));
    }
}
