package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code nft -c -f}: the kernel checks a ruleset without loading it. That still needs
 * CAP_NET_ADMIN; where a sandbox denies it, this is the one check that is skipped (and says so).
 * A missing nft fails the test.
 */
final class NftCheck {
    private NftCheck() {}

    static void assertLoads(Path ruleset) throws IOException, InterruptedException {
        String nft = SystemTools.require("nft");
        Path probe = Files.createTempFile("probe", ".nft");
        try {
            Files.writeString(probe, "table ip probe\ndelete table ip probe\n");
            SystemTools.Run run = SystemTools.run(List.of(nft, "-c", "-f", probe.toString()), probe.getParent(), Map.of());
            Assumptions.assumeTrue(run.exitCode() == 0 || !run.stderr().contains("Operation not permitted"),
                    "nft -c needs CAP_NET_ADMIN, which this sandbox denies: " + run.stderr());
            assertEquals(0, run.exitCode(), "nft -c cannot check even an empty table: " + run.output());
        } finally {
            Files.deleteIfExists(probe);
        }
        SystemTools.Run run = SystemTools.run(List.of(nft, "-c", "-f", ruleset.toString()), ruleset.getParent(), Map.of());
        assertEquals(0, run.exitCode(), "nft rejects " + ruleset + ":\n" + run.output() + "\n" + Files.readString(ruleset));
    }
}
