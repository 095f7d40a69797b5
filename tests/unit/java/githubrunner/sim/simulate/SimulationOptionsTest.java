package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationOptionsTest {
    @TempDir Path work;

    private SimulationOptions parse(String... args) throws Exception {
        Path charm = Files.createFile(work.resolve("github-runner-" + System.nanoTime() + ".charm"));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--charm", charm.toString()));
        return SimulationOptions.parse(all);
    }

    @Test
    void reactiveRunsFromAnEmptyBasePoolUnlessABaseIsGiven() throws Exception {
        SimulationOptions plain = parse();
        assertFalse(plain.reactive());
        assertEquals(3, plain.base());
        SimulationOptions reactive = parse("--reactive");
        assertTrue(reactive.reactive());
        assertEquals(0, reactive.base());
        assertEquals(2, parse("--base", "2", "--reactive").base());
        assertEquals(0, parse("--reactive", "--max", "4").base());
        assertTrue(SimulationOptions.USAGE.contains("--reactive"), "--help names it");
    }
}
