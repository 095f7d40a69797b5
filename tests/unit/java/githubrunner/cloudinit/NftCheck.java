package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code nft -c -f}: the kernel checks a ruleset without loading it. That needs CAP_NET_ADMIN:
 * without it, the check runs in a new user and network namespace ({@code unshare -rn}), where
 * the process has it. Only where neither works (no unprivileged user namespaces and not root) is
 * the check skipped, saying why. A missing nft fails the test.
 */
final class NftCheck {
    private NftCheck() {}

    static void assertLoads(Path ruleset) throws IOException, InterruptedException {
        List<String> nft = checker();
        List<String> command = new ArrayList<>(nft);
        command.add(ruleset.toString());
        SystemTools.Run run = SystemTools.run(command, ruleset.getParent(), Map.of("PATH", System.getenv("PATH")));
        assertEquals(0, run.exitCode(), "nft rejects " + ruleset + ":\n" + run.output() + "\n" + Files.readString(ruleset));
    }

    /** {@code nft -c -f}, possibly inside {@code unshare -rn}, that can check an empty table here. */
    private static List<String> checker() throws IOException, InterruptedException {
        String nft = SystemTools.require("nft");
        Path probe = Files.createTempFile("probe", ".nft");
        try {
            Files.writeString(probe, "table ip probe\ndelete table ip probe\n");
            String denied = "";
            for (List<String> prefix : List.of(List.<String>of(), List.of(SystemTools.require("unshare"), "-rn"))) {
                List<String> command = new ArrayList<>(prefix);
                command.addAll(List.of(nft, "-c", "-f"));
                List<String> probing = new ArrayList<>(command);
                probing.add(probe.toString());
                SystemTools.Run run = SystemTools.run(probing, probe.getParent(), Map.of("PATH", System.getenv("PATH")));
                if (run.exitCode() == 0) {
                    return command;
                }
                denied += String.join(" ", probing) + ": " + run.stderr().strip() + "; ";
            }
            Assumptions.abort("nft -c needs CAP_NET_ADMIN, which this sandbox denies even in a user namespace: " + denied);
            return List.of();
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
